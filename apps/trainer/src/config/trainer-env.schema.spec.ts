import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@alkdrec/service-kit';

import { trainerEnvSchema } from './trainer-env.schema';

describe('trainerEnvSchema', () => {
  it('defaults to one job at a time, auto backend, checkpoints in PostgreSQL', () => {
    const config = loadConfig(trainerEnvSchema, {});
    assert.equal(config.TRAINER_CONCURRENCY, 1);
    assert.equal(config.TF_BACKEND, 'auto');
    assert.equal(config.ARTIFACT_STORE, 'postgres');
  });

  it('reads ARTIFACT_STORE as every service does: a relative directory becomes absolute', () => {
    const config = loadConfig(trainerEnvSchema, { ARTIFACT_STORE: 'tmp/artifacts' });
    assert.equal(config.ARTIFACT_STORE, join(process.cwd(), 'tmp/artifacts'));
    assert.equal(loadConfig(trainerEnvSchema, { ARTIFACT_STORE: 's3://models/alkdrec' }).ARTIFACT_STORE, 's3://models/alkdrec');
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
