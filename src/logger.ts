import { pino, type Logger } from 'pino';

import { logMessage, type LogLevel } from './protocol/messages.js';
import type { MessageWriter } from './protocol/writer.js';

export type { Logger } from 'pino';

const PINO_TO_AIRBYTE: Record<number, LogLevel> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields pino adds itself; everything else in a log line is context shown as `key=value`. */
const PINO_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'err']);

/**
 * Creates the pino logger whose lines become Airbyte LOG messages on stdout. Levels follow
 * `LOG_LEVEL` (set by the Airbyte platform), default `info`. Secrets are removed by the writer.
 */
export function createLogger(writer: MessageWriter, level = process.env.LOG_LEVEL): Logger {
  const destination = {
    write(line: string): void {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const airbyteLevel = PINO_TO_AIRBYTE[entry.level as number] ?? 'INFO';
      writer.writeRedacted(logMessage(airbyteLevel, formatEntry(entry)));
    },
  };

  return pino(
    {
      level: normalizeLevel(level),
      base: undefined,
      timestamp: false,
      // Only the class and message: error messages here already include their causes, and pino's
      // standard serializer would append them again.
      serializers: { err: (error: unknown) => (error instanceof Error ? { type: error.name, message: error.message } : { message: String(error) }) },
      redact: { paths: ['user_token', 'config.user_token', 'headers.authorization', 'token'], censor: '**********' },
    },
    destination,
  );
}

function formatEntry(entry: Record<string, unknown>): string {
  const context = Object.entries(entry)
    .filter(([key, value]) => !PINO_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const error = entry.err as { message?: string } | undefined;
  if (error?.message) context.push(`error=${JSON.stringify(error.message)}`);

  const text = typeof entry.msg === 'string' ? entry.msg : '';
  return context.length > 0 ? `${text} (${context.join(' ')})` : text;
}

function normalizeLevel(level: string | undefined): string {
  const value = (level ?? 'info').toLowerCase();
  if (value === 'warning') return 'warn';
  return ['fatal', 'error', 'warn', 'info', 'debug', 'trace'].includes(value) ? value : 'info';
}
