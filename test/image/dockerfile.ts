// A small Dockerfile parser for the image checks: stages, and the instructions they use
// (FROM, WORKDIR, COPY, RUN, ENV, LABEL, ENTRYPOINT, USER). It handles line continuations,
// comments, exec and shell forms, and quoted key=value pairs; it does not expand ARGs.
import fs from 'node:fs';
import path from 'node:path';

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  argument: string;
  /** 1-based line where the instruction starts. */
  line: number;
}

export interface CopyInstruction {
  from?: string;
  sources: string[];
  destination: string;
  line: number;
}

export interface Stage {
  index: number;
  name?: string;
  baseImage: string;
  instructions: Instruction[];
}

/** Splits the Dockerfile into instructions, dropping comments and joining continuation lines. */
export function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;

  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim().startsWith('#') || (line.trim() === '' && !pending)) {
      return;
    }

    const continues = line.endsWith('\\');
    const content = continues ? line.slice(0, -1) : line;
    pending = pending ? { text: `${pending.text} ${content.trim()}`, line: pending.line } : { text: content.trim(), line: index + 1 };
    if (continues) {
      return;
    }

    const match = /^(\S+)\s*(.*)$/s.exec(pending.text);
    if (match) {
      instructions.push({ keyword: match[1].toUpperCase(), argument: match[2].trim(), line: pending.line });
    }
    pending = undefined;
  });
  return instructions;
}

/** Groups instructions into build stages, one per FROM. */
export function parseStages(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.argument.split(/\s+/).filter((word) => !word.startsWith('--'));
      const asIndex = words.findIndex((word) => word.toUpperCase() === 'AS');
      stages.push({ index: stages.length, baseImage: words[0], name: asIndex >= 0 ? words[asIndex + 1] : undefined, instructions: [] });
      continue;
    }
    if (stages.length === 0) {
      throw new Error(`Dockerfile line ${instruction.line}: ${instruction.keyword} before the first FROM`);
    }
    stages[stages.length - 1].instructions.push(instruction);
  }
  return stages;
}

export function loadStages(dockerfilePath: string): Stage[] {
  return parseStages(fs.readFileSync(dockerfilePath, 'utf8'));
}

/** Splits shell-like words, honouring double and single quotes and backslash escapes. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;

  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quote) {
      if (character === quote) {
        quote = undefined;
      } else if (character === '\\' && quote === '"' && index + 1 < text.length) {
        index += 1;
        current += text[index];
      } else {
        current += character;
      }
    } else if (character === '"' || character === "'") {
      quote = character;
      inWord = true;
    } else if (character === '\\' && index + 1 < text.length) {
      index += 1;
      current += text[index];
      inWord = true;
    } else if (/\s/.test(character)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += character;
      inWord = true;
    }
  }

  if (quote) {
    throw new Error(`unterminated ${quote} quote in: ${text}`);
  }
  if (inWord) words.push(current);
  return words;
}

/** Key/value pairs of ENV or LABEL: `key=value ...`, or the legacy `key value` form. */
export function parseKeyValues(argument: string): Map<string, string> {
  const pairs = new Map<string, string>();
  const words = splitWords(argument);

  if (words.length > 0 && !words[0].includes('=')) {
    const [key] = words;
    pairs.set(key, argument.slice(argument.indexOf(key) + key.length).trim());
    return pairs;
  }
  for (const word of words) {
    const separator = word.indexOf('=');
    if (separator <= 0) {
      throw new Error(`expected key=value, got "${word}" in: ${argument}`);
    }
    pairs.set(word.slice(0, separator), word.slice(separator + 1));
  }
  return pairs;
}

/** Collects every ENV (or LABEL) value the stage sets, later ones overriding earlier ones. */
export function keyValuesOf(stage: Stage, keyword: 'ENV' | 'LABEL'): Map<string, string> {
  const values = new Map<string, string>();
  for (const instruction of stage.instructions.filter((candidate) => candidate.keyword === keyword)) {
    for (const [key, value] of parseKeyValues(instruction.argument)) {
      values.set(key, value);
    }
  }
  return values;
}

/** Returns the last instruction of a keyword in the stage, which is the one in force. */
export function lastInstruction(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
}

/** Parses an exec-form argument (a JSON array of strings); returns undefined for the shell form. */
export function execForm(argument: string): string[] | undefined {
  if (!argument.startsWith('[')) {
    return undefined;
  }
  const parsed: unknown = JSON.parse(argument);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new Error(`expected a JSON array of strings, got ${argument}`);
  }
  return parsed;
}

export function parseCopy(instruction: Instruction): CopyInstruction {
  const words = instruction.argument.startsWith('[') ? (execForm(instruction.argument) ?? []) : splitWords(instruction.argument);
  let from: string | undefined;
  const operands: string[] = [];

  for (const word of words) {
    if (word.startsWith('--from=')) {
      from = word.slice('--from='.length);
    } else if (!word.startsWith('--')) {
      operands.push(word);
    }
  }
  if (operands.length < 2) {
    throw new Error(`Dockerfile line ${instruction.line}: expected COPY <source>... <destination>, got ${instruction.argument}`);
  }
  return { from, sources: operands.slice(0, -1), destination: operands[operands.length - 1], line: instruction.line };
}

/** Resolves a path in the image against the working directory, as Docker does. */
export function imagePath(workdir: string, target: string): string {
  return path.posix.resolve(workdir, target);
}

/** Finds the stage a COPY --from names, by stage name or index. */
export function stageNamed(stages: Stage[], reference: string): Stage | undefined {
  return stages.find((stage) => stage.name === reference) ?? stages.find((stage) => String(stage.index) === reference);
}

/** Returns the Node major of an official image reference such as node:26-slim, or undefined. */
export function nodeMajorOf(baseImage: string): number | undefined {
  const match = /^(?:docker\.io\/)?(?:library\/)?node:(\d+)/.exec(baseImage);
  return match ? Number(match[1]) : undefined;
}
