import { ConfigError } from '../errors.js';

export const DEFAULT_BASE_URL = 'https://api.brex.com';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Returns the Brex API base URL: `BREX_API_BASE_URL` when set (an emulator or staging), else
 * production. Plain http is accepted only for loopback hosts, so the token never crosses a
 * network unencrypted.
 */
export function resolveBaseUrl(value: string | undefined = process.env.BREX_API_BASE_URL): string {
  if (value === undefined || value.trim() === '') return DEFAULT_BASE_URL;

  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigError(`BREX_API_BASE_URL "${value}" is not a valid URL. Use a URL such as https://api.brex.com, or unset the variable.`);
  }

  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(
      `BREX_API_BASE_URL "${url.origin}" uses plain http on a non-loopback host, which would send the token unencrypted. Use https, or http only for 127.0.0.1 or localhost.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`BREX_API_BASE_URL "${url.origin}" must use https (or http on a loopback host).`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** Returns whether a URL hostname is this machine: localhost, 127.0.0.0/8 or [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
