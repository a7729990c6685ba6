import type { Logger } from '../logger.js';
import type { SecretRedactor } from '../redact.js';
import type { MessageWriter } from '../protocol/writer.js';

/** Arguments after the command name: the file paths Airbyte passes. */
export interface CommandArgs {
  config?: string;
  catalog?: string;
  state?: string;
}

/** Output, logging and cancellation handed to every command by the entry point. */
export interface CommandIO {
  writer: MessageWriter;
  logger: Logger;
  redactor: SecretRedactor;
  /** Aborted when the process receives SIGTERM or SIGINT. */
  signal: AbortSignal;
}
