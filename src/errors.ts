import type { FailureType } from './protocol/messages.js';

/**
 * An error the connector reports to the user as a TRACE. `message` is shown in the Airbyte UI, so
 * it states what failed and what to do. `internalMessage` carries detail for support.
 */
export class ConnectorError extends Error {
  readonly failureType: FailureType;
  readonly internalMessage?: string;

  constructor(message: string, failureType: FailureType, options: { cause?: unknown; internalMessage?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.failureType = failureType;
    this.internalMessage = options.internalMessage;
  }
}

/** A problem the user must fix in the config, catalog or state; Airbyte does not retry it. */
export class ConfigError extends ConnectorError {
  constructor(message: string, options: { cause?: unknown; internalMessage?: string } = {}) {
    super(message, 'config_error', options);
    this.name = 'ConfigError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
