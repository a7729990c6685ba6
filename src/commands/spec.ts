import { loadSpec } from '../spec-file.js';
import { specMessage } from '../protocol/messages.js';
import type { CommandIO } from './io.js';

export function runSpec(io: CommandIO): number {
  io.writer.write(specMessage(loadSpec() as never));
  return 0;
}
