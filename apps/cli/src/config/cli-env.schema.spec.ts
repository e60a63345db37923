import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '@alkdrec/service-kit';
import { cliEnvSchema, redactUrl } from './cli-env.schema';

describe('cliEnvSchema', () => {
  it('uses the local defaults and the trainer tuning', () => {
    const config = loadConfig(cliEnvSchema, {});
    assert.equal(config.REDIS_URL, 'redis://127.0.0.1:6379');
    assert.equal(config.BULLMQ_PREFIX, 'alkdrec');
    assert.equal(config.TRAINER_ATTEMPTS, 3);
    assert.equal(config.RUNS_REDRIVE_WAIT_MS, 45_000, "2 × the selector's re-drive interval + 15 s");
    assert.equal(config.ARTIFACT_STORE, 'postgres');
  });

  it('reads ARTIFACT_STORE as the services do', () => {
    assert.equal(loadConfig(cliEnvSchema, { ARTIFACT_STORE: 's3://alkdrec-models/prod' }).ARTIFACT_STORE, 's3://alkdrec-models/prod');
    assert.throws(() => loadConfig(cliEnvSchema, { ARTIFACT_STORE: 'gs://x/y' }), /ARTIFACT_STORE .*unsupported artifact store scheme "gs:"/);
  });

  it("reads ARTIFACT_STORE as the trainer does: its default (PostgreSQL), relative paths made absolute, URLs kept", () => {
    assert.equal(loadConfig(cliEnvSchema, {}).ARTIFACT_STORE, 'postgres');
    assert.equal(loadConfig(cliEnvSchema, { ARTIFACT_STORE: 'rel/store' }).ARTIFACT_STORE, join(process.cwd(), 'rel/store'));
    assert.equal(loadConfig(cliEnvSchema, { ARTIFACT_STORE: 'file:///data/a' }).ARTIFACT_STORE, 'file:///data/a');
  });

  it('refuses bad values by name', () => {
    assert.throws(() => loadConfig(cliEnvSchema, { TRAINER_START_TIMEOUT_MS: '5', REDIS_URL: 'localhost' }), /REDIS_URL[\s\S]*TRAINER_START_TIMEOUT_MS|TRAINER_START_TIMEOUT_MS[\s\S]*REDIS_URL/);
  });
});

describe(redactUrl.name, () => {
  it('hides passwords and keeps the rest', () => {
    assert.equal(redactUrl('redis://:s3cret@redis:6379/0'), 'redis://:***@redis:6379/0');
    assert.equal(redactUrl('postgresql://postgres@127.0.0.1:5432/test'), 'postgresql://postgres@127.0.0.1:5432/test');
  });
});
