import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

import { ConfigError } from './errors.js';
import { readJsonFile } from './json-file.js';
import { loadSpec } from './spec-file.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** The validated config, with defaults applied and values in the units the code uses. */
export interface SourceConfig {
  token: string;
  /** Earliest data to read; undefined reads all history. */
  startDate?: Date;
  lookbackDays: number;
  expenseExpand: string[];
  loadCustomFields: boolean;
  pageSize: number;
  requestsPerMinute: number;
  maxConcurrentRequests: number;
  requestTimeoutMs: number;
  /** Keys the spec does not define; logged as a warning because they are often typos. */
  unknownKeys: string[];
  /** Set when whitespace was trimmed from the token, so the caller can warn. */
  tokenWasTrimmed: boolean;
}

interface RawConfig {
  user_token: string;
  start_date?: string;
  lookback_window_days: number;
  expense_expand: string[];
  expense_load_custom_fields: boolean;
  page_size: number;
  requests_per_minute: number;
  max_concurrent_requests: number;
  request_timeout_seconds: number;
  [key: string]: unknown;
}

/** Reads, validates and normalizes the config file; every problem names the key and the fix. */
export function loadConfig(path: string, now: Date = new Date()): SourceConfig {
  const raw = readJsonFile(path, 'config');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`The config file ${path} must contain a JSON object such as {"user_token": "..."}, not ${describeJson(raw)}.`);
  }
  return parseConfig(raw as Record<string, unknown>, now);
}

export function parseConfig(input: Record<string, unknown>, now: Date = new Date()): SourceConfig {
  const specification = loadSpec().connectionSpecification;
  const config = structuredClone(input) as RawConfig;

  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(specification);
  if (!validate(config)) {
    const problems = (validate.errors ?? []).map((error) => describeConfigError(error, config));
    throw new ConfigError(`The config is invalid: ${unique(problems).join(' ')}`);
  }

  const token = config.user_token.trim();
  if (token === '' || /\s/.test(token)) {
    throw new ConfigError(
      'The config value user_token contains whitespace inside the token or is blank. Copy the token again from Brex (Settings > Developer) without spaces or line breaks.',
    );
  }

  const properties = Object.keys((specification.properties ?? {}) as Record<string, unknown>);
  return {
    token,
    startDate: config.start_date ? parseStartDate(config.start_date, now) : undefined,
    lookbackDays: config.lookback_window_days,
    expenseExpand: config.expense_expand,
    loadCustomFields: config.expense_load_custom_fields,
    pageSize: config.page_size,
    requestsPerMinute: config.requests_per_minute,
    maxConcurrentRequests: config.max_concurrent_requests,
    requestTimeoutMs: config.request_timeout_seconds * 1000,
    unknownKeys: Object.keys(input).filter((key) => !properties.includes(key) && !key.startsWith('_')),
    tokenWasTrimmed: token !== config.user_token,
  };
}

/** Accepts `YYYY-MM-DD` (midnight UTC) or an RFC 3339 date-time with `Z` or an offset. */
export function parseStartDate(value: string, now: Date): Date {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const dateTime = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value);
  let parsed: Date | undefined;
  if (dateOnly) {
    const [, year, month, day] = dateOnly.map(Number);
    parsed = new Date(Date.UTC(year, month - 1, day));
    if (parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day) parsed = undefined;
  } else if (dateTime) {
    parsed = new Date(value);
  }

  if (!parsed || Number.isNaN(parsed.getTime())) {
    throw new ConfigError(
      `The config value start_date "${value}" is not a valid date. Use YYYY-MM-DD (for example 2024-01-31) or an RFC 3339 date-time such as 2024-01-31T00:00:00Z, or leave it empty to read all history.`,
    );
  }
  if (parsed.getTime() > now.getTime()) {
    throw new ConfigError(
      `The config value start_date "${value}" is in the future, so no data would be read. Use a date in the past, or leave it empty to read all history.`,
    );
  }
  return parsed;
}

function describeConfigError(error: ErrorObject, config: RawConfig): string {
  const key = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(error.params.missingProperty ?? '');
  const displayedValue = key === 'user_token' ? '(hidden)' : describeJson(valueAt(config, error.instancePath));

  switch (error.keyword) {
    case 'required':
      return `${error.params.missingProperty} is missing; add it to the config.`;
    case 'type':
      return `${key} is ${displayedValue} but must be of type ${error.params.type}.`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${key} is ${displayedValue} but ${error.message ?? 'is out of range'}.`;
    case 'enum':
      return `${key} is ${displayedValue} but must be one of ${(error.params.allowedValues as unknown[]).join(', ')}.`;
    case 'pattern':
      return `${key} is ${displayedValue}, which has the wrong format; ${describeFormat(key)}.`;
    case 'minLength':
      return `${key} must not be empty.`;
    default:
      return `${key || 'config'} ${error.message ?? 'is invalid'}.`;
  }
}

/** Names the accepted format of a key from its `pattern_descriptor` and `examples` in the spec. */
function describeFormat(key: string): string {
  const properties = (loadSpec().connectionSpecification.properties ?? {}) as Record<string, { pattern_descriptor?: string; examples?: unknown[] }>;
  const property = properties[key];
  const parts: string[] = [];
  if (property?.pattern_descriptor) parts.push(`use ${property.pattern_descriptor}`);
  if (property?.examples?.length) parts.push(`for example ${property.examples.map((example) => JSON.stringify(example)).join(' or ')}`);
  return parts.length > 0 ? parts.join(', ') : 'see the description of this key in the spec';
}

function valueAt(config: unknown, pointer: string): unknown {
  let value = config;
  for (const part of pointer.split('/').filter(Boolean)) {
    value = (value as Record<string, unknown> | undefined)?.[part];
  }
  return value;
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
