import { readFileSync } from 'node:fs';

import { ConfigError, errorMessage } from './errors.js';

/** Kind of input file; every error names it so the user knows which file to fix. */
export type InputKind = 'config' | 'catalog' | 'state';

const FLAGS: Record<InputKind, string> = { config: '--config', catalog: '--catalog', state: '--state' };

/** Reads and parses a JSON input file, raising a ConfigError that names the file and the problem. */
export function readJsonFile(path: string, kind: InputKind): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    let reason = `cannot be read (${code ?? errorMessage(error)})`;
    if (code === 'ENOENT') reason = 'does not exist';
    if (code === 'EISDIR') reason = 'is a directory';
    throw new ConfigError(`The ${kind} file ${path} ${reason}. Pass the path of a JSON ${kind} file with ${FLAGS[kind]}.`, {
      cause: error,
    });
  }

  if (text.trim() === '') {
    throw new ConfigError(`The ${kind} file ${path} is empty. It must contain a JSON ${kind === 'state' ? 'array of state messages' : 'object'}.`);
  }

  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`The ${kind} file ${path} is not valid JSON: ${describeSyntaxError(text, errorMessage(error))}. Fix the file and run again.`);
  }
}

/**
 * Describes where the JSON breaks without quoting it. Node's parser messages can include a slice
 * of the text, and a config file contains the token.
 */
function describeSyntaxError(text: string, parserMessage: string): string {
  if (/end of JSON input/i.test(parserMessage)) return 'the text ends before the JSON value is complete';

  const position = /position (\d+)/.exec(parserMessage);
  if (!position) return 'the JSON syntax is broken';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `the JSON syntax is broken at line ${line}, column ${column}`;
}
