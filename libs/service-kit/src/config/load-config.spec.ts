import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { baseEnvSchema } from './base-env.schema';
import { ConfigError } from './config-error';
import { envInt } from './env-fields';
import { loadConfig, requiredVariables } from './load-config';

describe(loadConfig.name, () => {
  it('fills every default from an empty environment', () => {
    const config = loadConfig(baseEnvSchema, {});
    assert.deepEqual(config, {
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test',
      DATABASE_SCHEMA: 'public',
      HTTP_PORT: 3000,
      HTTP_HOST: '0.0.0.0',
      BULLMQ_PREFIX: 'alkdrec',
      SHUTDOWN_GRACE_MS: 60_000,
      ARTIFACT_STORE: 'postgres',
    });
  });

  it('coerces numbers and treats empty strings as unset', () => {
    const config = loadConfig(baseEnvSchema, { HTTP_PORT: '8081', LOG_LEVEL: '', BULLMQ_PREFIX: 'test-1' });
    assert.equal(config.HTTP_PORT, 8081);
    assert.equal(config.LOG_LEVEL, 'info');
    assert.equal(config.BULLMQ_PREFIX, 'test-1');
  });

  it('returns a frozen object', () => {
    const config = loadConfig(baseEnvSchema, {});
    assert.ok(Object.isFrozen(config));
  });

  it('lists every bad variable in one error, not just the first', () => {
    const env = { HTTP_PORT: 'eighty', LOG_LEVEL: 'loud', REDIS_URL: 'http://x', DATABASE_SCHEMA: 'Bad-Name' };
    assert.throws(
      () => loadConfig(baseEnvSchema, env),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const variables = error.problems.map((p) => p.split(' ')[0]).sort();
        assert.deepEqual(variables, ['DATABASE_SCHEMA', 'HTTP_PORT', 'LOG_LEVEL', 'REDIS_URL']);
        assert.match(error.message, /LOG_LEVEL \("loud"\)/);
        assert.match(error.message, /HTTP_PORT \("eighty"\)/);
        return true;
      },
    );
  });

  it('hides values of variables that may hold credentials', () => {
    assert.throws(
      () => loadConfig(baseEnvSchema, { DATABASE_URL: 'mysql://user:hunter2@db/x' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.doesNotMatch(error.message, /hunter2/);
        assert.match(error.message, /DATABASE_URL \(set \(value hidden\)\): expected a URL starting with postgresql:\/\//);
        return true;
      },
    );
  });

  it('rejects out-of-range numbers', () => {
    assert.throws(() => loadConfig(baseEnvSchema, { HTTP_PORT: '70000' }), /HTTP_PORT/);
  });

  it('lets a service extend the base schema with its own variables', () => {
    const schema = baseEnvSchema.extend({ WORKER_CONCURRENCY: envInt(1, { min: 1 }) });
    assert.equal(loadConfig(schema, { WORKER_CONCURRENCY: '4' }).WORKER_CONCURRENCY, 4);
    assert.throws(() => loadConfig(schema, { WORKER_CONCURRENCY: '0' }), /WORKER_CONCURRENCY \("0"\)/);
  });

  it('names the root when the schema fails as a whole', () => {
    const schema = z.object({ A: z.string() }).refine(() => false, 'never valid');
    assert.throws(() => loadConfig(schema, { A: 'x' }), /\(environment\)/);
  });

  it('has no developer default with NODE_ENV=production: the connection URLs are required there', () => {
    assert.throws(
      () => loadConfig(baseEnvSchema, { NODE_ENV: 'production', REDIS_URL: 'redis://redis:6379' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems, ['DATABASE_URL (unset): required with NODE_ENV=production (its default is for a developer machine)']);
        return true;
      },
    );
    const config = loadConfig(baseEnvSchema, { NODE_ENV: 'production', REDIS_URL: 'redis://redis:6379', DATABASE_URL: 'postgresql://db/x' });
    assert.equal(config.DATABASE_URL, 'postgresql://db/x');
  });

  it('names what a deployment must provide, derived from the schema', () => {
    assert.deepEqual(requiredVariables(baseEnvSchema), ['DATABASE_URL', 'REDIS_URL']);
    assert.deepEqual(requiredVariables(baseEnvSchema, { REDIS_URL: 'redis://redis:6379' }), ['DATABASE_URL']);
    const schema = baseEnvSchema.extend({ TOKEN: z.string().min(1) });
    assert.deepEqual(requiredVariables(schema, { REDIS_URL: 'redis://r', DATABASE_URL: 'postgresql://d/x' }), ['TOKEN']);
    // A provided but invalid value is loadConfig's to report, not a missing variable.
    assert.deepEqual(requiredVariables(baseEnvSchema, { REDIS_URL: 'http://x', DATABASE_URL: 'postgresql://d/x' }), []);
  });
});
