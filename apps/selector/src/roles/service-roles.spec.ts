import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baseEnvSchema, envSchemaOfRoles, loadConfig, parseRoleList } from '@alkdrec/service-kit';
import { ROLE_NAMES, SERVICE_ROLES } from './service-roles';

describe("the selector entry's roles", () => {
  it('runs the selector when unset, and refuses roles of other entries', () => {
    assert.deepEqual(parseRoleList(undefined, ROLE_NAMES), ['selector']);
    assert.throws(() => parseRoleList('trainer', ROLE_NAMES), /unknown role trainer; valid: selector or all/);
  });

  it('never lets its variables redefine a base one', () => {
    const base = Object.keys(baseEnvSchema.shape);
    assert.deepEqual(Object.keys(SERVICE_ROLES.selector.envShape).filter((name) => base.includes(name)), []);
  });

  it('validates the run, collect and ranking tuning overrides with the base variables', () => {
    const schema = envSchemaOfRoles([SERVICE_ROLES.selector]);
    const config = loadConfig(schema, { RUNS_CONCURRENCY: '3', LLM_RANKING_ATTEMPTS: '9' });
    assert.equal(config['RUNS_CONCURRENCY'], 3);
    assert.equal(config['LLM_RANKING_ATTEMPTS'], 9);
    assert.throws(() => loadConfig(schema, { RUNS_LOCK_DURATION_MS: '10', RANKING_COLLECT_ATTEMPTS: 'x' }), /RUNS_LOCK_DURATION_MS[\s\S]*RANKING_COLLECT_ATTEMPTS|RANKING_COLLECT_ATTEMPTS[\s\S]*RUNS_LOCK_DURATION_MS/);
  });
});
