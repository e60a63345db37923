import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baseEnvSchema, envSchemaOfRoles, loadConfig, parseRoleList } from '@alkdrec/service-kit';
import { ROLE_NAMES, SERVICE_ROLES } from './service-roles';

describe('the trainer entry\'s roles', () => {
  it('knows the trainer role and defaults to it', () => {
    assert.deepEqual(parseRoleList(undefined, ROLE_NAMES), ROLE_NAMES);
    assert.ok(ROLE_NAMES.includes('trainer'));
    assert.throws(() => parseRoleList('llm-worker', ROLE_NAMES), /valid: trainer or all/);
  });

  it('never lets a role redefine a base variable', () => {
    const base = Object.keys(baseEnvSchema.shape);
    for (const role of ROLE_NAMES) {
      const clash = Object.keys(SERVICE_ROLES[role].envShape).filter((name) => base.includes(name));
      assert.deepEqual(clash, [], `${role} redefines ${clash.join(', ')}`);
    }
  });

  it('validates base and trainer variables together', () => {
    const schema = envSchemaOfRoles([SERVICE_ROLES.trainer]);
    const config = loadConfig(schema, { HTTP_PORT: '4000', TRAINER_CONCURRENCY: '2' });
    assert.equal(config.HTTP_PORT, 4000);
    assert.equal(config['TRAINER_CONCURRENCY'], 2);
    assert.throws(() => loadConfig(schema, { TF_BACKEND: 'gpu' }), /TF_BACKEND/);
  });
});
