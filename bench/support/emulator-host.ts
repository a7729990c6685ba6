// Serves the Brex API emulator in its own process, like `node dist/emulator/cli.js`. On SIGTERM
// or SIGINT it writes the emulator's request log to a JSON file before exiting: path, query,
// status and arrival time of each request, never the token. The rate-limit benchmark reads
// requests, 429 responses and page chains from that log.
//
// Usage: node dist/bench/support/emulator-host.js --options '<EmulatorOptions as JSON>' --request-log FILE

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { startEmulator, type EmulatorOptions } from '../../emulator/index.js';

const { values } = parseArgs({ options: { options: { type: 'string' }, 'request-log': { type: 'string' } } });
if (!values.options || !values['request-log']) {
  console.error('Usage: emulator-host.js --options <EmulatorOptions JSON> --request-log <file>');
  process.exit(2);
}

const requestLogFile = values['request-log'];
const emulator = await startEmulator(JSON.parse(values.options) as EmulatorOptions);
console.log(`Brex API emulator listening on ${emulator.url}`);

const shutdown = async () => {
  writeFileSync(requestLogFile, JSON.stringify(emulator.requests));
  await emulator.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
