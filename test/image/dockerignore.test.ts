// .dockerignore matching on a sample rule file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isIgnored, loadIgnoreRules } from './dockerignore.js';

describe('.dockerignore rules', () => {
  let directory: string;
  let rules: ReturnType<typeof loadIgnoreRules>;

  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'source-brex-dockerignore-'));
    fs.writeFileSync(path.join(directory, '.dockerignore'), ['# comment', 'node_modules', '**/secrets', '*.log', 'docs/*', '!docs/keep.md'].join('\n'));
    rules = loadIgnoreRules(path.join(directory, '.dockerignore'));
  });

  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('excludes a directory and its files', () => {
    expect(isIgnored(rules, 'node_modules')).toBe(true);
    expect(isIgnored(rules, 'node_modules/got/package.json')).toBe(true);
  });

  it('excludes nested matches of **/', () => {
    expect(isIgnored(rules, 'secrets/config.json')).toBe(true);
    expect(isIgnored(rules, 'a/b/secrets')).toBe(true);
    expect(isIgnored(rules, 'mysecrets')).toBe(false);
  });

  it('keeps one segment for *', () => {
    expect(isIgnored(rules, 'debug.log')).toBe(true);
    expect(isIgnored(rules, 'src/debug.log')).toBe(false);
  });

  it('re-includes with !', () => {
    expect(isIgnored(rules, 'docs/setup.md')).toBe(true);
    expect(isIgnored(rules, 'docs/keep.md')).toBe(false);
  });

  it('keeps unlisted paths', () => {
    expect(isIgnored(rules, 'src/index.ts')).toBe(false);
  });

  it('reads a missing file as no rules', () => {
    expect(loadIgnoreRules(path.join(directory, 'absent'))).toEqual([]);
  });
});
