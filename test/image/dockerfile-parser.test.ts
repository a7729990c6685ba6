// The Dockerfile and .dockerignore readers behind the image checks, on small samples.
import { execForm, keyValuesOf, lastInstruction, nodeMajorOf, parseCopy, parseStages, splitWords } from './dockerfile.js';

const sample = [
  '# syntax comment',
  'FROM node:26-slim AS build',
  'WORKDIR /app',
  'COPY package.json \\',
  '     package-lock.json ./',
  'RUN npm ci',
  '',
  'FROM docker.io/library/node:26-slim',
  'ENV A="one two" B=three',
  'ENV LEGACY value with spaces',
  'LABEL io.airbyte.name=org/source-x io.airbyte.version=1.2.3',
  'COPY --from=build --chown=1000:1000 /app/dist ./dist',
  'ENTRYPOINT ["node", "/app/dist/index.js"]',
  'USER 1000:1000',
].join('\n');

describe('Dockerfile parser', () => {
  const stages = parseStages(sample);

  it('splits stages', () => {
    expect(stages.map((stage) => [stage.name, stage.baseImage])).toEqual([
      ['build', 'node:26-slim'],
      [undefined, 'docker.io/library/node:26-slim'],
    ]);
  });

  it('joins continuation lines', () => {
    const copy = parseCopy(stages[0].instructions[1]);
    expect(copy).toEqual({ from: undefined, sources: ['package.json', 'package-lock.json'], destination: './', line: 4 });
  });

  it('reads ENV forms', () => {
    const env = keyValuesOf(stages[1], 'ENV');
    expect(env.get('A')).toBe('one two');
    expect(env.get('B')).toBe('three');
    expect(env.get('LEGACY')).toBe('value with spaces');
  });

  it('reads labels', () => {
    expect(keyValuesOf(stages[1], 'LABEL').get('io.airbyte.version')).toBe('1.2.3');
  });

  it('reads COPY --from', () => {
    const copy = parseCopy(stages[1].instructions.find((instruction) => instruction.keyword === 'COPY') ?? stages[1].instructions[0]);
    expect(copy.from).toBe('build');
    expect(copy.sources).toEqual(['/app/dist']);
  });

  it('reads exec form', () => {
    expect(execForm(lastInstruction(stages[1], 'ENTRYPOINT')?.argument ?? '')).toEqual(['node', '/app/dist/index.js']);
    expect(execForm('node /app/index.js')).toBeUndefined();
  });

  it('reads node majors', () => {
    expect(stages.map((stage) => nodeMajorOf(stage.baseImage))).toEqual([26, 26]);
    expect(nodeMajorOf('debian:12')).toBeUndefined();
  });

  it('rejects an open quote', () => {
    expect(() => splitWords('A="open')).toThrow('unterminated');
  });
});
