// Starts in-process Brex emulators for integration tests and stops them after the file.
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../emulator/index.js';

export type { Emulator, EmulatorOptions };

/** The token every default emulator accepts, with every scope. */
export const DEMO_TOKEN = 'demo-token';

/** The emulator's default anchor date: generated data ends on it and added rows are dated on it. */
export const EMULATOR_TODAY = '2026-11-30';

const startTimeoutMs = 60_000;

export interface EmulatorPool {
  /** Starts one emulator (size small, no rate limit, a free port unless overridden). */
  start(options?: EmulatorOptions): Promise<Emulator>;
}

/**
 * Registers an afterAll hook that stops every emulator started through the returned pool, so a
 * test that mutates the data gets its own emulator and still leaves no socket open.
 * Call it at the top level of a test file or of a describe block.
 */
export function useEmulators(): EmulatorPool {
  const running: Emulator[] = [];

  afterAll(async () => {
    const stopping = running.splice(0).map((emulator) => emulator.stop());
    await Promise.all(stopping);
  }, startTimeoutMs);

  return {
    async start(options: EmulatorOptions = {}): Promise<Emulator> {
      const emulator = await startEmulator({ size: 'small', rateLimit: null, ...options });
      running.push(emulator);
      return emulator;
    },
  };
}
