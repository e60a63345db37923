import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { baseEnvSchema } from './base-env.schema';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

describe('ARTIFACT_STORE (base configuration)', () => {
  it('defaults to postgres, also when set empty', () => {
    assert.equal(loadConfig(baseEnvSchema, {}).ARTIFACT_STORE, 'postgres');
    assert.equal(loadConfig(baseEnvSchema, { ARTIFACT_STORE: '' }).ARTIFACT_STORE, 'postgres');
  });

  it('resolves a relative directory against the working directory and keeps other forms', () => {
    assert.equal(loadConfig(baseEnvSchema, { ARTIFACT_STORE: 'tmp/artifacts' }).ARTIFACT_STORE, join(process.cwd(), 'tmp/artifacts'));
    for (const spec of ['/data/artifacts', 'file:///data/a', 's3://alkdrec-models/prod', 'postgres']) {
      assert.equal(loadConfig(baseEnvSchema, { ARTIFACT_STORE: spec }).ARTIFACT_STORE, spec);
    }
  });

  it('refuses what no store can write, with the other bad variables', () => {
    assert.throws(
      () => loadConfig(baseEnvSchema, { ARTIFACT_STORE: 'gs://bucket/x', HTTP_PORT: '-1' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems.map((p) => p.split(' ')[0]).sort(), ['ARTIFACT_STORE', 'HTTP_PORT']);
        assert.match(error.message, /ARTIFACT_STORE \("gs:\/\/bucket\/x"\): unsupported artifact store scheme "gs:"/);
        return true;
      },
    );
    assert.throws(() => loadConfig(baseEnvSchema, { ARTIFACT_STORE: 's3://No_Such' }), /ARTIFACT_STORE .*invalid S3 bucket/);
  });
});
