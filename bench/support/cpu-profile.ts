import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { runMeasured, type MeasureOptions } from './measured-process.js';
import { repoRoot, scratchDir } from './paths.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one function, or of one module group, in a CPU profile. */
export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Functions by self time, largest first. */
  functions: SelfTime[];
  /** Self time grouped by where the code lives: a package, the connector's src/, Node internals. */
  groups: SelfTime[];
}

/** Reads the one .cpuprofile file that `node --cpu-prof --cpu-prof-dir <directory>` wrote. */
export function readCpuProfile(directory: string): CpuProfile {
  const files = readdirSync(directory).filter((file) => file.endsWith('.cpuprofile'));
  if (files.length !== 1) throw new Error(`expected one .cpuprofile in ${directory}, found ${files.length}`);
  return JSON.parse(readFileSync(path.join(directory, files[0]), 'utf8')) as CpuProfile;
}

/**
 * Sums the sampled time of each function where it was on top of the stack (self time). Each
 * sample is charged the time until the next one; V8 reports those gaps in `timeDeltas`.
 */
export function summarizeProfile(profile: CpuProfile, top = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const groups = new Map<string, number>();
  let totalMs = 0;

  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    totalMs += ms;
    add(functions, describeFunction(frame), ms);
    add(groups, groupOf(frame), ms);
  });

  return { totalMs, functions: ranked(functions, totalMs).slice(0, top), groups: ranked(groups, totalMs) };
}

/** Renders a summary as two Markdown tables: self time by where the code lives, then the top functions. */
export function formatProfile(summary: ProfileSummary): string {
  const groups = [
    '| where the code lives | self time | share |',
    '| --- | ---: | ---: |',
    ...summary.groups.map((row) => `| ${row.name} | ${row.ms.toFixed(0)} ms | ${(row.share * 100).toFixed(1)}% |`),
  ].join('\n');
  return `${groups}\n\n${formatTopFunctions(summary)}`;
}

function add(totals: Map<string, number>, key: string, ms: number): void {
  totals.set(key, (totals.get(key) ?? 0) + ms);
}

function ranked(totals: Map<string, number>, totalMs: number): SelfTime[] {
  return [...totals.entries()]
    .map(([name, ms]) => ({ name, ms, share: totalMs > 0 ? ms / totalMs : 0 }))
    .sort((a, b) => b.ms - a.ms);
}

function describeFunction(frame: ProfileNode['callFrame']): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  return `\`${name}\` ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

function groupOf(frame: ProfileNode['callFrame']): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : 'native code';
  if (url.startsWith('node:')) return 'Node internals (node:*)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return `package ${packageMatch[1]}`;
  const local = shortUrl(url);
  return local.startsWith('dist/') ? local.split('/').slice(0, 2).join('/') + '/' : local;
}

function shortUrl(url: string): string {
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  return file.startsWith(repoRoot) ? path.relative(repoRoot, file) : file;
}

/**
 * Runs `node --cpu-prof <args>` once and summarizes its profile. The .cpuprofile file stays in
 * bench/out/profiles/<name>/ for a closer look, for example in Chrome DevTools.
 */
export async function profileNodeRun(name: string, options: MeasureOptions): Promise<ProfileSummary> {
  const directory = path.join(scratchDir, 'profiles', name);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  await runMeasured({ ...options, wallTimeOnly: true, args: ['--cpu-prof', '--cpu-prof-dir', directory, ...options.args] });
  return summarizeProfile(readCpuProfile(directory));
}

/** Renders the self time of two profiles side by side, grouped by where the code lives. */
export function formatGroupComparison(left: { label: string; summary: ProfileSummary }, right: { label: string; summary: ProfileSummary }): string {
  const names = [...new Set([...left.summary.groups, ...right.summary.groups].map((group) => group.name))];
  const msOf = (summary: ProfileSummary, name: string) => summary.groups.find((group) => group.name === name)?.ms ?? 0;
  const rows = names
    .map((name) => ({ name, left: msOf(left.summary, name), right: msOf(right.summary, name) }))
    .sort((a, b) => Math.max(b.left, b.right) - Math.max(a.left, a.right))
    .map((row) => `| ${row.name} | ${row.left.toFixed(0)} ms | ${row.right.toFixed(0)} ms |`);
  return [
    `| where the code lives | ${left.label} | ${right.label} |`,
    '| --- | ---: | ---: |',
    ...rows,
    `| total sampled | ${left.summary.totalMs.toFixed(0)} ms | ${right.summary.totalMs.toFixed(0)} ms |`,
  ].join('\n');
}

/** Renders the top functions of a profile by self time as a Markdown table. */
export function formatTopFunctions(summary: ProfileSummary): string {
  return [
    '| function | self time | share |',
    '| --- | ---: | ---: |',
    ...summary.functions.map((row) => `| ${row.name} | ${row.ms.toFixed(0)} ms | ${(row.share * 100).toFixed(1)}% |`),
  ].join('\n');
}
