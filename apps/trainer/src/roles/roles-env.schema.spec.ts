import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baseEnvSchema, loadConfig } from '@alkdrec/service-kit';
import { envSchemaForRoles } from './roles-env.schema';
import { ROLE_NAMES, SERVICE_ROLES } from './service-roles';

describe(envSchemaForRoles.name, () => {
  it('never lets a role redefine a base variable', () => {
    const base = Object.keys(baseEnvSchema.shape);
    for (const role of ROLE_NAMES) {
      const clash = Object.keys(SERVICE_ROLES[role].envShape).filter((name) => base.includes(name));
      assert.deepEqual(clash, [], `${role} redefines ${clash.join(', ')}`);
    }
  });

  it('validates base and trainer variables together', () => {
    const config = loadConfig(envSchemaForRoles(['trainer']), { HTTP_PORT: '4000', TRAINER_CONCURRENCY: '2' });
    assert.equal(config.HTTP_PORT, 4000);
    assert.equal(config['TRAINER_CONCURRENCY'], 2);
    assert.throws(() => loadConfig(envSchemaForRoles(['trainer']), { TF_BACKEND: 'gpu' }), /TF_BACKEND/);
  });
});
