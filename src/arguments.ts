import type { CommandArgs } from './commands/io.js';

/**
 * Parses argv the way Airbyte calls a source: a command, then `--flag path` or `--flag=path`.
 * Unknown flags are returned so they can be logged and ignored, as the protocol recommends.
 */
export function parseArguments(argv: string[]): { command?: string; args: CommandArgs; unknown: string[] } {
  const args: CommandArgs = {};
  const unknown: string[] = [];
  let command: string | undefined;

  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index];
    if (!token.startsWith('--')) {
      if (command === undefined) command = token;
      else unknown.push(token);
      continue;
    }

    const [flag, inline] = token.slice(2).split(/=(.*)/s, 2);
    if (flag === 'config' || flag === 'catalog' || flag === 'state') {
      const value = inline ?? argv[index + 1];
      if (inline === undefined) index += 1;
      if (value !== undefined) args[flag] = value;
    } else {
      unknown.push(token);
    }
  }
  return { command, args, unknown };
}
