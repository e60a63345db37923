import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageEnv, runtimeStageEnv } from './dockerfile-env';

describe('runtimeStageEnv', () => {
  it('reads the ENV of the last stage only, with continuations, quotes and the legacy form', () => {
    const dockerfile = [
      'FROM node AS build',
      'ENV BUILD_ONLY=1',
      'FROM node',
      '# ENV COMMENTED=1',
      'ENV NODE_ENV=production \\',
      '    HTTP_PORT=3000 QUOTED="a b" SINGLE=\'c d\'',
      'ENV LEGACY some value',
      'RUN echo ENV=no',
    ].join('\n');
    assert.deepEqual(runtimeStageEnv(dockerfile), { NODE_ENV: 'production', HTTP_PORT: '3000', QUOTED: 'a b', SINGLE: 'c d', LEGACY: 'some value' });
  });

  it('gives the image NODE_ENV=production (what makes the connection URLs required) and an HTTP port', () => {
    const env = imageEnv();
    assert.equal(env['NODE_ENV'], 'production');
    assert.match(env['HTTP_PORT'] ?? '', /^\d+$/);
  });
});
