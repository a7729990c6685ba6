#!/usr/bin/env -S node --max-semi-space-size=4
import { setMaxListeners } from 'node:events';

import { parseArguments } from './arguments.js';
import type { CommandArgs, CommandIO } from './commands/io.js';
import { SIGNAL_EXIT_CODES } from './commands/signals.js';
import { ConnectorError, errorMessage } from './errors.js';
import { createLogger } from './logger.js';
import { errorTraceMessage } from './protocol/messages.js';
import { MessageWriter } from './protocol/writer.js';
import { SecretRedactor } from './redact.js';
import { describeInternally } from './streams/failures.js';

const COMMANDS = ['spec', 'check', 'discover', 'read'] as const;
type Command = (typeof COMMANDS)[number];

const USAGE = 'Usage: source-brex spec | check --config FILE | discover --config FILE | read --config FILE --catalog FILE [--state FILE]';

/** Loads only the command that runs: `spec` then starts without the HTTP client and validators. */
async function runCommand(command: Command, args: CommandArgs, io: CommandIO): Promise<number> {
  switch (command) {
    case 'spec':
      return (await import('./commands/spec.js')).runSpec(io);
    case 'check':
      return (await import('./commands/check.js')).runCheck(args, io);
    case 'discover':
      return (await import('./commands/discover.js')).runDiscover(args, io);
    case 'read':
      return (await import('./commands/read.js')).runRead(args, io);
  }
}

/** Runs one command and returns the exit code; every failure becomes one ERROR trace on stdout. */
async function main(argv: string[]): Promise<number> {
  const redactor = new SecretRedactor();
  const writer = new MessageWriter(process.stdout, redactor.redact);
  const logger = createLogger(writer);
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);

  const onSignal = (signal: NodeJS.Signals) => {
    logger.warn({ signal }, 'Received a signal; stopping requests and writing the final messages');
    abort.abort(signal);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  const { command, args, unknown } = parseArguments(argv);
  const helpRequested = command === '-h' || command === 'help' || (command === undefined && unknown.includes('--help'));
  if (helpRequested) {
    // Usage is for a person at a terminal; stdout is kept for protocol messages.
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  let exitCode: number;
  try {
    if (!command || !(COMMANDS as readonly string[]).includes(command)) {
      const problem = command === undefined ? 'No command given.' : `Unknown command ${JSON.stringify(command)}.`;
      throw new ConnectorError(`${problem} ${USAGE}`, 'config_error');
    }
    if (unknown.length > 0) logger.warn({ arguments: unknown }, 'Ignoring unknown command-line arguments');
    logger.debug({ command }, 'Command started');
    exitCode = await runCommand(command as Command, args, { writer, logger, redactor, signal: abort.signal });
  } catch (error) {
    exitCode = reportFatal(error, { writer, logger, redactor, signal: abort.signal });
  }

  await writer.flush();
  return exitCode;
}

function reportFatal(error: unknown, io: CommandIO): number {
  const { writer, logger, redactor, signal } = io;
  if (signal.aborted) return SIGNAL_EXIT_CODES[String(signal.reason)] ?? 143;

  if (error instanceof ConnectorError) {
    logger.error({ failure_type: error.failureType }, error.message);
    writer.writeRedacted(errorTraceMessage({ message: error.message, failureType: error.failureType, internalMessage: error.internalMessage }));
  } else {
    logger.error({ err: error }, 'Unexpected error');
    writer.writeRedacted(
      errorTraceMessage({
        message: `The Brex source failed with an unexpected error: ${errorMessage(error)}`,
        failureType: 'system_error',
        internalMessage: describeInternally(error),
      }),
    );
    // stdout carries no stack traces, so the stack goes to stderr for debugging.
    if (error instanceof Error && error.stack) process.stderr.write(`${redactor.redact(error.stack)}\n`);
  }
  return 1;
}

const exitCode = await main(process.argv.slice(2));
// Open sockets (a hung request, keep-alive connections) must not keep a finished command alive.
process.exit(exitCode);
