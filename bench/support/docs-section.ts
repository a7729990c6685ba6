import { existsSync, readFileSync, writeFileSync } from 'node:fs';

import { benchmarksDoc } from './paths.js';

const TITLE = '# Benchmarks';

const INTRO = `Performance figures of the connector and the Brex API emulator (\`emulator/\`), measured
on loopback. \`npm run bench\` builds the project and runs the four connector benchmarks in
order (about 20 minutes on 2 cores): throughput, rate-limit-bound sync, memory and start-up.
Set \`BENCH_RUNS=1\` for a quick check with one run of each measurement. \`node dist/bench/<name>.js\`
runs one of \`throughput\`, \`rate-limit\`, \`memory\` or \`startup\` after \`npm run build\`,
and \`node dist/bench/emulator-memory.js\` measures the emulator. Each script rewrites only its
own section below, with the command, the machine and the date of the run; the Findings section
is written by hand. The connector and the emulator run as separate processes, so each gets its
own core on a 2-core machine, and other work on the machine slows both down (each section
gives the load average at its start). Figures are medians with the minimum and maximum in
brackets; MB is 10^6 bytes. CI does not run these benchmarks.`;

/** Sections in page order. `Findings` is written by hand and never regenerated. */
export const SECTION_ORDER = [
  'Emulator memory',
  'Connector throughput',
  'Rate-limit-bound sync',
  'Connector memory',
  'Start-up time',
  'Findings',
] as const;

export type SectionHeading = (typeof SECTION_ORDER)[number];

interface Section {
  heading: string;
  text: string;
}

/**
 * Replaces the section `## heading` of docs/benchmarks.md with `body`, or adds it. The title and
 * intro are rewritten. Known sections are put in SECTION_ORDER, followed by any other sections,
 * and the text of every other section is kept byte for byte.
 */
export function writeDocsSection(heading: SectionHeading, body: string): void {
  const current = existsSync(benchmarksDoc) ? readFileSync(benchmarksDoc, 'utf8') : '';
  const sections = parseSections(current).filter((section) => section.heading !== heading);
  sections.push({ heading, text: `## ${heading}\n\n${body.trim()}\n` });

  const page = [`${TITLE}\n\n${INTRO}\n`, ...orderSections(sections).map((section) => section.text)].join('\n');
  writeFileSync(benchmarksDoc, page);
}

/** Splits the page at its `## ` headings; the text before the first one is dropped. */
function parseSections(page: string): Section[] {
  const starts = [...page.matchAll(/^## (.+)$/gm)];
  return starts.map((match, i) => {
    const end = i + 1 < starts.length ? starts[i + 1].index : page.length;
    return { heading: match[1].trim(), text: `${page.slice(match.index, end).trimEnd()}\n` };
  });
}

function orderSections(sections: Section[]): Section[] {
  const rank = (section: Section) => {
    const index = SECTION_ORDER.indexOf(section.heading as SectionHeading);
    return index >= 0 ? index : SECTION_ORDER.length;
  };
  // Array.prototype.sort is stable, so unknown sections keep their order.
  return [...sections].sort((a, b) => rank(a) - rank(b));
}
