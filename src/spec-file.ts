import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { schemasDir } from './paths.js';

export interface SpecFile {
  documentationUrl?: string;
  connectionSpecification: Record<string, unknown>;
}

/** Reads schemas/spec.json, the source of the SPEC message and of config validation. */
export function loadSpec(): SpecFile {
  return JSON.parse(readFileSync(join(schemasDir, 'spec.json'), 'utf8')) as SpecFile;
}
