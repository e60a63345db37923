import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copies, expand, finalStage, parseDockerfile, stageArgs, stageLineage, stageNamed } from './dockerfile';

const SAMPLE = `# syntax=docker/dockerfile:1
ARG BASE=node:22-slim
FROM \${BASE} AS one
COPY a.json b.json ./
RUN echo one \\
 && echo two
FROM one AS two
ARG FLAGS="--omit=dev --x"
RUN npm ci \${FLAGS}
FROM \${BASE}
COPY --from=two --chown=root:root /app/node_modules node_modules
`;

describe('parseDockerfile', () => {
  const file = parseDockerfile(SAMPLE);

  it('splits stages, expands global ARGs in FROM and keeps stage names', () => {
    assert.deepEqual(file.stages.map((s) => [s.name, s.base]), [['one', 'node:22-slim'], ['two', 'one'], ['2', 'node:22-slim']]);
    assert.deepEqual(stageLineage(file, stageNamed(file, 'two')).map((s) => s.name), ['one', 'two']);
  });

  it('joins continuation lines and drops comments', () => {
    const run = stageNamed(file, 'one').instructions.find((i) => i.keyword === 'RUN');
    assert.deepEqual(run, { keyword: 'RUN', args: 'echo one && echo two', line: 5 });
  });

  it('reads COPY flags, sources and destination, and a stage ARG default', () => {
    assert.deepEqual(copies(stageNamed(file, 'one')), [{ sources: ['a.json', 'b.json'], destination: './', line: 4 }]);
    assert.deepEqual(copies(finalStage(file)), [{ from: 'two', sources: ['/app/node_modules'], destination: 'node_modules', line: 11 }]);
    const two = stageNamed(file, 'two');
    assert.equal(expand('npm ci ${FLAGS}', stageArgs(two)), 'npm ci --omit=dev --x');
    assert.equal(expand('$UNKNOWN', stageArgs(two)), '$UNKNOWN');
  });
});
