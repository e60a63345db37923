import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRoles } from './parse-roles';

describe(parseRoles.name, () => {
  it('runs the llm-worker when unset, empty or "all"', () => {
    for (const value of [undefined, '', 'all']) assert.deepEqual(parseRoles(value), ['llm-worker']);
  });

  it('refuses a role this entry does not have, naming the valid ones', () => {
    assert.throws(() => parseRoles('trainer'), /unknown role trainer; valid: llm-worker or all/);
  });
});
