// Every acceptance check returns a list of problems, each a sentence that states what was
// expected and what came. A test passes when its check returns none.

const maxShownLength = 500;
const maxShownProblems = 20;

/** JSON of a value for a problem message, cut to 500 characters. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > maxShownLength ? `${text.slice(0, maxShownLength)}...` : text;
}

/** Throws one error listing the problems (the first 20 and a count of the rest); does nothing when there are none. */
export function expectNoProblems(problems: string[], context?: string): void {
  expect(Array.isArray(problems)).toBe(true);
  if (problems.length === 0) {
    return;
  }

  const lines = problems.slice(0, maxShownProblems).map((problem) => `- ${problem}`);
  if (problems.length > maxShownProblems) {
    lines.push(`- ... and ${problems.length - maxShownProblems} more`);
  }
  const heading = context ? `${context}: ${problems.length} problem(s)` : `${problems.length} problem(s)`;
  throw new Error(`${heading}\n${lines.join('\n')}`);
}

/** JSON with object keys sorted, so equal values give equal strings whatever the key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => stableStringify(item)).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

// Config keys whose values are credentials; the connector must never print them.
const secretKeyPattern = /token|secret|password|key|credential/i;

/** Checks that no credential value of the connector config appears in the run's stdout or stderr. */
export function secretLeakProblems(output: { stdout: string; stderr: string }, connectorConfig: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(connectorConfig)) {
    if (!secretKeyPattern.test(key) || typeof value !== 'string' || value.length < 4) {
      continue;
    }
    for (const [channel, text] of Object.entries({ stdout: output.stdout, stderr: output.stderr })) {
      if (text.includes(value)) {
        problems.push(`expected the value of config key ${key} never to be printed, got it in ${channel}`);
      }
    }
  }
  return problems;
}
