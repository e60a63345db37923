import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from './find-repo-root';

describe(findRepoRoot.name, () => {
  it('finds the workspace root (the folder with nx.json) from a nested folder', () => {
    const root = findRepoRoot(__dirname);
    assert.ok(existsSync(join(root, 'nx.json')));
    assert.equal(findRepoRoot(join(root, 'libs', 'service-kit')), root);
  });

  it('falls back to the start folder outside any workspace', () => {
    assert.equal(findRepoRoot(tmpdir()), tmpdir());
  });
});
