import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRoles } from './parse-roles';
import { ROLE_NAMES } from './service-roles';

describe(parseRoles.name, () => {
  it('knows the trainer role and defaults to it', () => {
    assert.deepEqual(parseRoles(undefined), ROLE_NAMES);
    assert.ok(ROLE_NAMES.includes('trainer'));
    assert.throws(() => parseRoles('llm-worker'), /valid: trainer or all/);
  });
});
