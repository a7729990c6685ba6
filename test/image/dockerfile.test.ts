// Static checks of the Dockerfile that CAT's TestSpec makes on the built image
// (AIRBYTE_ENTRYPOINT, io.airbyte labels) and that the Airbyte platform relies on
// (absolute entrypoint paths, uid 1000), read from the file because there is no Docker here.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../helpers/cli.js';
import { expectNoProblems, show } from '../acceptance/problems.js';
import { execForm, keyValuesOf, lastInstruction, loadStages, nodeMajorOf, parseCopy, type Stage } from './dockerfile.js';
import { isIgnored, loadIgnoreRules } from './dockerignore.js';

const dockerfilePath = path.join(repoRoot, 'Dockerfile');
const stages = loadStages(dockerfilePath);
const finalStage: Stage = stages[stages.length - 1];
const metadata = parseYaml(fs.readFileSync(path.join(repoRoot, 'metadata.yaml'), 'utf8')) as { data?: Record<string, unknown> };

// The official node images create the user "node" with uid and gid 1000.
const uid1000Names = ['1000', 'node'];

function finalEntrypoint(): string[] | undefined {
  const instruction = lastInstruction(finalStage, 'ENTRYPOINT');
  return instruction ? execForm(instruction.argument) : undefined;
}

describe('Dockerfile', () => {
  it('has stages', () => {
    expectNoProblems(stages.length > 0 ? [] : ['expected at least one FROM, got none']);
  });

  it('uses an exec-form ENTRYPOINT', () => {
    const instruction = lastInstruction(finalStage, 'ENTRYPOINT');
    const entrypoint = finalEntrypoint();
    expectNoProblems(entrypoint && entrypoint.length > 0 ? [] : [`expected ENTRYPOINT ["executable", ...] in the final stage, got ${show(instruction?.argument)}`]);
  });

  it('sets AIRBYTE_ENTRYPOINT to ENTRYPOINT', () => {
    const airbyteEntrypoint = keyValuesOf(finalStage, 'ENV').get('AIRBYTE_ENTRYPOINT');
    const joined = finalEntrypoint()?.join(' ');
    expectNoProblems(airbyteEntrypoint !== undefined && airbyteEntrypoint === joined ? [] : [`expected ENV AIRBYTE_ENTRYPOINT="${joined}" (ENTRYPOINT joined with spaces), got ${show(airbyteEntrypoint)}`]);
  });

  it('uses absolute entrypoint paths', () => {
    // The platform runs the entrypoint from /config or /source, so relative paths break.
    const problems = (finalEntrypoint() ?? []).flatMap((word, index) => {
      const isPath = word.includes('/') || (index > 0 && /\.(c|m)?js$/.test(word));
      return isPath && !word.startsWith('/') ? [`expected an absolute path in ENTRYPOINT, got ${word}`] : [];
    });
    expectNoProblems(problems);
  });

  it('labels match metadata.yaml', () => {
    const labels = keyValuesOf(finalStage, 'LABEL');
    const expected = { 'io.airbyte.name': metadata.data?.dockerRepository, 'io.airbyte.version': metadata.data?.dockerImageTag };
    const problems = Object.entries(expected).flatMap(([label, value]) =>
      labels.get(label) === String(value) ? [] : [`expected LABEL ${label}=${String(value)} (from metadata.yaml), got ${show(labels.get(label))}`],
    );
    expectNoProblems(problems);
  });

  it('runs as uid 1000', () => {
    const user = lastInstruction(finalStage, 'USER')?.argument;
    const [uid, gid] = (user ?? '').split(':');
    const problems: string[] = [];
    if (!uid1000Names.includes(uid)) problems.push(`expected the final USER to be uid 1000 (1000 or node), got ${show(user)}`);
    if (gid !== undefined && !uid1000Names.includes(gid)) problems.push(`expected the final USER group to be gid 1000, got ${show(gid)}`);
    expectNoProblems(problems);
  });

  it('uses one Node major everywhere', () => {
    const majors = stages.map((stage) => nodeMajorOf(stage.baseImage));
    const problems = majors.some((major) => major === undefined) ? [`expected node:<major> base images, got ${show(stages.map((stage) => stage.baseImage))}`] : [];
    if (new Set(majors).size > 1) problems.push(`expected one Node major in all stages, got ${show(majors)}`);
    expectNoProblems(problems);
  });

  it('copies context files that exist', () => {
    const problems = stages.flatMap((stage) =>
      stage.instructions
        .filter((instruction) => instruction.keyword === 'COPY')
        .map(parseCopy)
        .filter((copy) => copy.from === undefined)
        .flatMap((copy) => copy.sources.filter((source) => !fs.existsSync(path.join(repoRoot, source))).map((source) => `Dockerfile line ${copy.line}: expected ${source} in the repository, got no such file`)),
    );
    expectNoProblems(problems);
  });

  it('copies nothing .dockerignore excludes', () => {
    const rules = loadIgnoreRules(path.join(repoRoot, '.dockerignore'));
    const problems = stages.flatMap((stage) =>
      stage.instructions
        .filter((instruction) => instruction.keyword === 'COPY')
        .map(parseCopy)
        .filter((copy) => copy.from === undefined)
        .flatMap((copy) => copy.sources.filter((source) => isIgnored(rules, source)).map((source) => `Dockerfile line ${copy.line}: expected ${source} in the build context, got it excluded by .dockerignore`)),
    );
    expectNoProblems(problems);
  });

  it('keeps secrets out of the context', () => {
    const rules = loadIgnoreRules(path.join(repoRoot, '.dockerignore'));
    const problems = ['secrets', 'secrets/config.json', 'node_modules', '.git'].filter((entry) => !isIgnored(rules, entry)).map((entry) => `expected .dockerignore to exclude ${entry}, got it included`);
    expectNoProblems(problems);
  });
});
