// Matches build-context paths against .dockerignore rules: `*` and `?` within one path
// segment, `**` across segments, `!` to re-include, the last matching rule winning, and a
// directory's exclusion covering everything below it.
import fs from 'node:fs';

interface IgnoreRule {
  pattern: RegExp;
  include: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

function patternToRegExp(pattern: string): RegExp {
  const cleaned = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
  let source = '';
  for (let index = 0; index < cleaned.length; index += 1) {
    const character = cleaned[index];
    if (character === '*' && cleaned[index + 1] === '*' && cleaned[index + 2] === '/') {
      // "**/" matches zero or more whole directories.
      source += '(?:.*/)?';
      index += 2;
    } else if (character === '*' && cleaned[index + 1] === '*') {
      source += '.*';
      index += 1;
    } else if (character === '*') {
      source += '[^/]*';
    } else if (character === '?') {
      source += '[^/]';
    } else {
      source += escapeRegExp(character);
    }
  }
  return new RegExp(`^${source}$`);
}

export function loadIgnoreRules(dockerignorePath: string): IgnoreRule[] {
  if (!fs.existsSync(dockerignorePath)) {
    return [];
  }
  return fs
    .readFileSync(dockerignorePath, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => (line.startsWith('!') ? { pattern: patternToRegExp(line.slice(1)), include: true } : { pattern: patternToRegExp(line), include: false }));
}

function matchesSelfOrParent(rule: IgnoreRule, contextPath: string): boolean {
  const segments = contextPath.split('/');
  for (let length = 1; length <= segments.length; length += 1) {
    if (rule.pattern.test(segments.slice(0, length).join('/'))) {
      return true;
    }
  }
  return false;
}

/** Returns whether the build context leaves out this path (relative to the context root, with / separators). */
export function isIgnored(rules: IgnoreRule[], contextPath: string): boolean {
  const normalized = contextPath.replace(/^\.\//, '').replace(/\/+$/, '');
  let ignored = false;
  for (const rule of rules) {
    if (matchesSelfOrParent(rule, normalized)) {
      ignored = !rule.include;
    }
  }
  return ignored;
}
