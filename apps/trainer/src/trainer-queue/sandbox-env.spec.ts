import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '@alkdrec/service-kit';
import { loadTrainerJobConfig } from '../jobs/job-config';
import { trainerEnvSchema } from '../config/trainer-env.schema';
import { sandboxEnv } from './sandbox-env';

describe(sandboxEnv.name, () => {
  it('passes validated values, defaults included, as strings over the process env', () => {
    const env = sandboxEnv({ HTTP_PORT: 3000, TF_BACKEND: 'wasm', UNSET: undefined }, { PATH: '/bin', TF_BACKEND: 'auto' });
    assert.deepEqual(env, { PATH: '/bin', HTTP_PORT: '3000', TF_BACKEND: 'wasm' });
  });

  it('gives the jobs the same configuration the service validated', () => {
    const config = loadConfig(trainerEnvSchema, { ARTIFACT_STORE: 'rel/store', DATABASE_SCHEMA: 'test_x' });
    const jobConfig = loadTrainerJobConfig(sandboxEnv(config, {}));
    assert.equal(jobConfig.ARTIFACT_STORE, config.ARTIFACT_STORE);
    assert.equal(jobConfig.DATABASE_SCHEMA, 'test_x');
    assert.equal(jobConfig.DATABASE_URL, config.DATABASE_URL);
    assert.equal(jobConfig.TF_BACKEND, config.TF_BACKEND);
  });
});
