import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAbsolute, join } from 'node:path';
import { ConfigError, findRepoRoot, loadConfig } from '@alkdrec/service-kit';

import { trainerEnvSchema } from './trainer-env.schema';

describe('trainerEnvSchema', () => {
  it('defaults to one job at a time, auto backend, artifacts under the repository root', () => {
    const config = loadConfig(trainerEnvSchema, {});
    assert.equal(config.TRAINER_CONCURRENCY, 1);
    assert.equal(config.TF_BACKEND, 'auto');
    assert.equal(config.ARTIFACT_STORE, join(findRepoRoot(), '.alkdrec/artifacts'));
  });

  it('resolves a relative ARTIFACT_STORE to an absolute path', () => {
    const config = loadConfig(trainerEnvSchema, { ARTIFACT_STORE: 'tmp/artifacts' });
    assert.ok(isAbsolute(config.ARTIFACT_STORE));
    assert.equal(config.ARTIFACT_STORE, join(process.cwd(), 'tmp/artifacts'));
  });

  it('keeps absolute paths and URLs as they are', () => {
    assert.equal(loadConfig(trainerEnvSchema, { ARTIFACT_STORE: '/data/artifacts' }).ARTIFACT_STORE, '/data/artifacts');
    assert.equal(loadConfig(trainerEnvSchema, { ARTIFACT_STORE: 'file:///data/a' }).ARTIFACT_STORE, 'file:///data/a');
  });

  it('reports trainer and base variables together', () => {
    assert.throws(
      () => loadConfig(trainerEnvSchema, { TF_BACKEND: 'cuda', TRAINER_CONCURRENCY: '0', HTTP_PORT: '-1' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems.map((p) => p.split(' ')[0]).sort(), ['HTTP_PORT', 'TF_BACKEND', 'TRAINER_CONCURRENCY']);
        assert.match(error.message, /TF_BACKEND \("cuda"\): .*"auto"/);
        return true;
      },
    );
  });
});
