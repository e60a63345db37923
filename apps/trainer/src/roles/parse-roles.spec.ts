import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '@alkdrec/service-kit';
import { parseRoles } from './parse-roles';
import { ROLE_NAMES } from './service-roles';

describe(parseRoles.name, () => {
  const known = ['trainer', 'llm-worker', 'api'];

  it('runs every compiled role when unset, empty or "all"', () => {
    assert.deepEqual(parseRoles(undefined, known), known);
    assert.deepEqual(parseRoles('', known), known);
    assert.deepEqual(parseRoles(' all ', known), known);
  });

  it('accepts commas or spaces, any case, and drops duplicates', () => {
    assert.deepEqual(parseRoles('trainer, API  trainer', known), ['trainer', 'api']);
  });

  it('refuses unknown roles and lists the valid ones', () => {
    assert.throws(
      () => parseRoles('trainer,selektor', known),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /unknown role selektor; valid: trainer, llm-worker, api or all/);
        return true;
      },
    );
  });

  it('knows the trainer role today', () => {
    assert.deepEqual(parseRoles(undefined), ROLE_NAMES);
    assert.ok(ROLE_NAMES.includes('trainer'));
  });
});
