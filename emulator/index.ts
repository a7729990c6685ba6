// Brex API emulator: serves Brex's read endpoints from seeded data on a local port, with
// Brex's auth, scopes, pagination, filters, errors and rate limit, and injectable faults.
// See README.md beside this file.

export type {
  Emulator, EmulatorControl, EmulatorOptions, EmulatorSize, Fault, FaultRule, ListOrder, RateLimitOptions,
  RequestLogEntry, Table, TokenSpec,
} from './types.js';
export { startEmulator } from './server.js';
