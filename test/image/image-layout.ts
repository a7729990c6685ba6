// Lays out the Dockerfile's stages in temp directories without Docker: WORKDIR and COPY
// act on files, and the few RUN commands the Dockerfile uses are reproduced (npm ci,
// npm run <script>, npm prune --omit=dev). Any other RUN is rejected, so a new build step
// cannot pass unnoticed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { imagePath, keyValuesOf, lastInstruction, execForm, parseCopy, stageNamed, type Stage } from './dockerfile.js';

export interface StageLayout {
  stage: Stage;
  /** Directory that stands for the stage's filesystem root. */
  root: string;
  workdir: string;
  /** COPY sources that did not exist, one sentence each. */
  missingSources: string[];
}

export interface ImageLayout {
  final: StageLayout;
  /** Every stage laid out: the final one and those it copies from. */
  stages: StageLayout[];
  env: Map<string, string>;
  entrypoint: string[] | undefined;
}

interface LayoutContext {
  repoRoot: string;
  tempRoot: string;
  stages: Stage[];
  layouts: Map<number, StageLayout>;
}

/** Host path of an absolute path inside a stage. */
export function hostPath(stageRoot: string, pathInImage: string): string {
  return path.join(stageRoot, path.posix.resolve('/', pathInImage));
}

function copyEntry(source: string, destination: string, intoDirectory: boolean): void {
  const target = intoDirectory && !fs.statSync(source).isDirectory() ? path.join(destination, path.basename(source)) : destination;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(source, target, { recursive: true, dereference: true });
}

// Copies the production packages of package-lock.json into node_modules, as
// `npm prune --omit=dev` leaves it. Packages nest inside their parent's copy.
function pruneToProduction(workdirOnHost: string, repoRoot: string): void {
  const lock = JSON.parse(fs.readFileSync(path.join(workdirOnHost, 'package-lock.json'), 'utf8')) as { packages?: Record<string, { dev?: boolean }> };
  const modulesDirectory = path.join(workdirOnHost, 'node_modules');
  fs.rmSync(modulesDirectory, { recursive: true, force: true });
  fs.mkdirSync(modulesDirectory);

  for (const [packagePath, details] of Object.entries(lock.packages ?? {})) {
    const isTopLevel = packagePath.startsWith('node_modules/') && !packagePath.slice('node_modules/'.length).includes('/node_modules/');
    if (!isTopLevel || details.dev === true) {
      continue;
    }
    const source = path.join(repoRoot, packagePath);
    if (!fs.existsSync(source)) {
      throw new Error(`production package ${packagePath} from package-lock.json is not installed in ${repoRoot}; run npm ci`);
    }
    fs.cpSync(source, path.join(workdirOnHost, packagePath), { recursive: true, dereference: true });
  }
}

function runStep(command: string, layout: StageLayout, repoRoot: string, line: number): void {
  const workdirOnHost = hostPath(layout.root, layout.workdir);
  const script = /^npm run (\S+)$/.exec(command);

  if (/^npm ci(\s|$)/.test(command)) {
    // Installing would need the network, so the repository's installed packages stand in.
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(workdirOnHost, 'node_modules'));
  } else if (script) {
    execFileSync('npm', ['run', '--silent', script[1]], { cwd: workdirOnHost, stdio: 'pipe', timeout: 300_000 });
  } else if (/^npm prune (--omit=dev|--production)(\s|$)/.test(command)) {
    pruneToProduction(workdirOnHost, repoRoot);
  } else {
    throw new Error(`Dockerfile line ${line}: RUN ${command} is not reproduced by test/image/image-layout.ts; add it there`);
  }
}

function copyStep(instructionIndex: number, layout: StageLayout, context: LayoutContext): void {
  const copy = parseCopy(layout.stage.instructions[instructionIndex]);
  let sourceRoot = context.repoRoot;
  let sourceLabel = 'build context';

  if (copy.from !== undefined) {
    const sourceStage = stageNamed(context.stages, copy.from);
    if (!sourceStage) {
      throw new Error(`Dockerfile line ${copy.line}: COPY --from=${copy.from} names no stage (image references are not supported here)`);
    }
    sourceRoot = layoutStage(sourceStage, context).root;
    sourceLabel = `stage ${copy.from}`;
  }

  const destination = hostPath(layout.root, imagePath(layout.workdir, copy.destination));
  const intoDirectory = copy.destination.endsWith('/') || copy.sources.length > 1;
  for (const source of copy.sources) {
    const sourceOnHost = copy.from !== undefined ? hostPath(sourceRoot, source) : path.join(sourceRoot, source);
    if (!fs.existsSync(sourceOnHost)) {
      layout.missingSources.push(`Dockerfile line ${copy.line}: expected COPY source ${source} in the ${sourceLabel}, got no such file`);
      continue;
    }
    copyEntry(sourceOnHost, destination, intoDirectory);
  }
}

/** Lays out one stage (and the stages it copies from) once; later calls return the same layout. */
export function layoutStage(stage: Stage, context: LayoutContext): StageLayout {
  const existing = context.layouts.get(stage.index);
  if (existing) {
    return existing;
  }

  const layout: StageLayout = { stage, root: path.join(context.tempRoot, `stage-${stage.index}`), workdir: '/', missingSources: [] };
  fs.mkdirSync(layout.root, { recursive: true, mode: 0o755 });
  context.layouts.set(stage.index, layout);

  stage.instructions.forEach((instruction, index) => {
    if (instruction.keyword === 'WORKDIR') {
      layout.workdir = imagePath(layout.workdir, instruction.argument);
      fs.mkdirSync(hostPath(layout.root, layout.workdir), { recursive: true });
    } else if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
      copyStep(index, layout, context);
    } else if (instruction.keyword === 'RUN') {
      runStep(instruction.argument, layout, context.repoRoot, instruction.line);
    }
  });
  return layout;
}

/** Lays out the final stage of the Dockerfile under tempRoot and returns its ENV and ENTRYPOINT. */
export function layoutImage(stages: Stage[], repoRoot: string, tempRoot: string): ImageLayout {
  const finalStage = stages[stages.length - 1];
  const context: LayoutContext = { repoRoot, tempRoot, stages, layouts: new Map() };
  const final = layoutStage(finalStage, context);

  const entrypoint = lastInstruction(finalStage, 'ENTRYPOINT');
  return {
    final,
    stages: [...context.layouts.values()],
    env: keyValuesOf(finalStage, 'ENV'),
    entrypoint: entrypoint ? execForm(entrypoint.argument) : undefined,
  };
}
