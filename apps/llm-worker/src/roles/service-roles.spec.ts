import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baseEnvSchema, parseRoleList } from '@alkdrec/service-kit';
import { ROLE_NAMES, SERVICE_ROLES } from './service-roles';

describe('the llm-worker entry\'s roles', () => {
  it('runs the llm-worker when unset, empty or "all"', () => {
    for (const value of [undefined, '', 'all']) assert.deepEqual(parseRoleList(value, ROLE_NAMES), ['llm-worker']);
  });

  it('refuses a role this entry does not have, naming the valid ones', () => {
    assert.throws(() => parseRoleList('trainer', ROLE_NAMES), /unknown role trainer; valid: llm-worker or all/);
  });

  it('never lets a role redefine a base variable', () => {
    const base = Object.keys(baseEnvSchema.shape);
    const clash = Object.keys(SERVICE_ROLES['llm-worker'].envShape).filter((name) => base.includes(name));
    assert.deepEqual(clash, []);
  });
});
