import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ArtifactNotFoundError } from './artifact-store';
import { DirectoryArtifactStore } from './directory-artifact-store';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'alkdrec-artifacts-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('DirectoryArtifactStore', () => {
  it('round-trips bytes through a file:// URI under the root', async () => {
    const store = new DirectoryArtifactStore(dir);
    const data = new Uint8Array([0, 1, 2, 255]);
    const uri = await store.put('ml/fpmc-teacher.bin', data);
    assert.equal(uri, pathToFileURL(path.join(dir, 'ml', 'fpmc-teacher.bin')).href);
    assert.deepEqual(await store.get(uri), data);
  });

  it('overwrites atomically and leaves no temporary files', async () => {
    const store = new DirectoryArtifactStore(dir);
    await store.put('over/w.bin', new Uint8Array([1]));
    await Promise.all([1, 2, 3, 4].map((n) => store.put('over/w.bin', new Uint8Array(100_000).fill(n))));
    const written = await store.get(pathToFileURL(path.join(dir, 'over', 'w.bin')).href);
    assert.equal(written.length, 100_000);
    assert.ok(written.every((byte) => byte === written[0]), 'one complete write, not a mix');
    assert.deepEqual(await readdir(path.join(dir, 'over')), ['w.bin']);
  });

  it('refuses keys that would leave the root', async () => {
    const store = new DirectoryArtifactStore(dir);
    for (const key of ['../x.bin', 'a/../../x', '/abs.bin', '', 'a//b', './x']) {
      await assert.rejects(store.put(key, new Uint8Array()), /invalid artifact key/, key);
    }
  });

  it('refuses URIs outside the store and reports missing artifacts', async () => {
    const store = new DirectoryArtifactStore(dir);
    await assert.rejects(store.get('file:///etc/passwd'), /outside this store/);
    await assert.rejects(store.get('s3://bucket/x'), /not a file:\/\/ artifact URI/);
    await assert.rejects(store.get(pathToFileURL(path.join(dir, 'nope.bin')).href), ArtifactNotFoundError);
  });
});
