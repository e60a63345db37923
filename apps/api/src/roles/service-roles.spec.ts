import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baseEnvSchema, envSchemaOfRoles, loadConfig, parseRoleList } from '@alkdrec/service-kit';
import { ROLE_NAMES, SERVICE_ROLES } from './service-roles';

describe("the api entry's roles", () => {
  it('runs the api when unset, and refuses roles of other entries', () => {
    assert.deepEqual(parseRoleList(undefined, ROLE_NAMES), ['api']);
    assert.throws(() => parseRoleList('selector', ROLE_NAMES), /unknown role selector; valid: api or all/);
  });

  it('never lets its variables redefine a base one', () => {
    const base = Object.keys(baseEnvSchema.shape);
    assert.deepEqual(Object.keys(SERVICE_ROLES.api.envShape).filter((name) => base.includes(name)), []);
  });

  it('validates its limits with the base variables, naming each bad one', () => {
    const schema = envSchemaOfRoles([SERVICE_ROLES.api]);
    const config = loadConfig(schema, { API_BODY_LIMIT_BYTES: '2048', API_UPLOAD_LIMIT_BYTES: '1048576' });
    assert.equal(config['API_BODY_LIMIT_BYTES'], 2048);
    assert.equal(config['API_UPLOAD_LIMIT_BYTES'], 1048576);
    assert.throws(() => loadConfig(schema, { API_BODY_LIMIT_BYTES: '10', API_UPLOAD_LIMIT_BYTES: 'big' }), /API_BODY_LIMIT_BYTES[\s\S]*API_UPLOAD_LIMIT_BYTES/);
  });
});
