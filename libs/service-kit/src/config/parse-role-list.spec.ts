import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './config-error';
import { parseRoleList } from './parse-role-list';

describe(parseRoleList.name, () => {
  const known = ['trainer', 'llm-worker', 'api'] as const;

  it('runs every known role when unset, empty or "all"', () => {
    assert.deepEqual(parseRoleList(undefined, known), known);
    assert.deepEqual(parseRoleList('', known), known);
    assert.deepEqual(parseRoleList(' all ', known), known);
  });

  it('accepts commas or spaces, any case, and drops duplicates', () => {
    assert.deepEqual(parseRoleList('trainer, API  trainer', known), ['trainer', 'api']);
  });

  it('refuses unknown roles and lists the valid ones', () => {
    assert.throws(
      () => parseRoleList('trainer,selektor', known),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /unknown role selektor; valid: trainer, llm-worker, api or all/);
        return true;
      },
    );
  });
});
