import { resolveBaseUrl } from '../brex/base-url.js';
import { loadConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import { catalogMessage } from '../protocol/messages.js';
import { discoverStreams } from '../streams/catalog.js';
import type { CommandArgs, CommandIO } from './io.js';
import { warnAboutConfig } from './config-warnings.js';

/** Emits the catalog. The streams do not depend on the account, so no request goes to Brex. */
export function runDiscover(args: CommandArgs, io: CommandIO): number {
  if (!args.config) throw new ConfigError('discover needs --config <path to the config JSON file>.');
  const config = loadConfig(args.config);
  io.redactor.addSecret(config.token);
  warnAboutConfig(config, io.logger);
  resolveBaseUrl();

  io.writer.write(catalogMessage(discoverStreams()));
  return 0;
}
