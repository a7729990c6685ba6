// Command line entry point: starts the Brex API emulator and serves until SIGINT or SIGTERM.

import { startEmulator } from './index.js';
import type { EmulatorOptions, EmulatorSize, ListOrder, RateLimitOptions, TokenSpec } from './types.js';

const HELP = `Usage: node dist/emulator/cli.js [options]

Serves Brex's read API (users, cash accounts, card and cash transactions, expenses,
departments, locations, vendors, budgets) from generated data on a local port.

Options:
  --host HOST                 interface to listen on (default 127.0.0.1)
  --port N                    port to listen on; 0 picks a free port (default 8080)
  --seed N                    seed of the generated data (default 1)
  --size small|medium|large   amount of data (default small)
  --token TOKEN               accepted bearer token with every scope; repeat for more
                              (default: demo-token)
  --latency-ms N              delay added before every response, in milliseconds (default 0)
  --order newest|oldest|shuffled
                              order of list results (default newest)
  --rate-limit N/SECONDS|off  requests allowed per token per sliding window (default 1000/60)
  --retry-after seconds|http-date|none
                              form of the Retry-After header on 429 (default seconds)
  --cursor-ttl-seconds N      age after which a page cursor is rejected with 400 (default 600)
  --no-cash                   answer as an account without Brex Cash (401 on cash endpoints)
  --today YYYY-MM-DD          date the generated history ends on (default 2026-11-30)
  --help                      print this help
`;

class UsageError extends Error {}

/** Parses the command line into emulator options; throws UsageError on a bad flag. */
function parseArguments(argv: string[]): EmulatorOptions | 'help' {
  const options: EmulatorOptions = { port: 8080 };
  const tokens: string[] = [];
  let rateLimit: Omit<RateLimitOptions, 'retryAfter'> | null = { limit: 1000, windowMs: 60_000 };
  let retryAfter: RateLimitOptions['retryAfter'] = 'seconds';

  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined) {
        throw new UsageError(`${flag} needs a value`);
      }
      return next;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--host':
        options.host = value();
        break;
      case '--port':
        options.port = integer(flag, value(), 0, 65535);
        break;
      case '--seed':
        options.seed = integer(flag, value(), 0, 2 ** 31 - 1);
        break;
      case '--size':
        options.size = oneOf(flag, value(), ['small', 'medium', 'large']) as EmulatorSize;
        break;
      case '--token':
        tokens.push(value());
        break;
      case '--latency-ms':
        options.latencyMs = integer(flag, value(), 0, 3_600_000);
        break;
      case '--order':
        options.order = oneOf(flag, value(), ['newest', 'oldest', 'shuffled']) as ListOrder;
        break;
      case '--rate-limit':
        rateLimit = parseRateLimit(value());
        break;
      case '--retry-after':
        retryAfter = oneOf(flag, value(), ['seconds', 'http-date', 'none']) as RateLimitOptions['retryAfter'];
        break;
      case '--cursor-ttl-seconds':
        options.cursorTtlMs = integer(flag, value(), 1, 86_400 * 365) * 1000;
        break;
      case '--no-cash':
        options.cashEnabled = false;
        break;
      case '--today':
        options.today = value();
        break;
      default:
        throw new UsageError(`unknown option '${flag}'`);
    }
  }

  if (tokens.length > 0) {
    options.tokens = Object.fromEntries(tokens.map((token): [string, TokenSpec] => [token, { scopes: 'all' }]));
  }
  options.rateLimit = rateLimit ? { ...rateLimit, retryAfter } : null;
  return options;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

function oneOf(flag: string, text: string, allowed: string[]): string {
  if (!allowed.includes(text)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got '${text}'`);
  }
  return text;
}

function parseRateLimit(text: string): Omit<RateLimitOptions, 'retryAfter'> | null {
  if (text === 'off') {
    return null;
  }
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new UsageError(`--rate-limit must be N/SECONDS such as 1000/60, or off; got '${text}'`);
  }
  return { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 };
}

async function main(): Promise<void> {
  let parsed: EmulatorOptions | 'help';
  try {
    parsed = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`brex emulator: ${error.message}\nRun with --help for the options.`);
      process.exit(2);
    }
    throw error;
  }
  if (parsed === 'help') {
    process.stdout.write(HELP);
    return;
  }

  const emulator = await startEmulator(parsed);
  const tokens = Object.keys(parsed.tokens ?? { 'demo-token': {} });
  console.log([
    `Brex API emulator listening on ${emulator.url}`,
    `Accepted tokens (every scope): ${tokens.join(', ')}`,
    `Data: size ${parsed.size ?? 'small'}, seed ${parsed.seed ?? 1}. Stop with Ctrl-C.`,
  ].join('\n'));

  const shutdown = (signal: string) => {
    console.log(`Received ${signal}; stopping.`);
    emulator.stop().then(() => process.exit(0), (error: unknown) => {
      console.error('brex emulator: stop failed:', error);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('brex emulator: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
