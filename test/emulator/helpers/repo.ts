import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Returns the repository root: the nearest folder above this file that contains package.json. */
export function repoRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 10; depth++) {
    if (existsSync(join(folder, 'package.json'))) {
      return folder;
    }
    folder = dirname(folder);
  }
  throw new Error('package.json not found above the test helpers');
}
