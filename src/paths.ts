import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: this file runs as dist/src/paths.js, two levels below it. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const schemasDir = join(packageRoot, 'schemas');
