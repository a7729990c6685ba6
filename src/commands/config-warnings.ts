import type { SourceConfig } from '../config.js';
import type { Logger } from '../logger.js';

/** Logs the config problems that are tolerated rather than rejected. */
export function warnAboutConfig(config: SourceConfig, logger: Logger): void {
  if (config.unknownKeys.length > 0) {
    logger.warn({ keys: config.unknownKeys }, 'The config has keys this source does not use; check them for typos');
  }
  if (config.tokenWasTrimmed) {
    logger.warn('Removed spaces or line breaks around user_token; the token was used without them');
  }
}
