import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { sha256Hex } from './artifact-key';
import { ArtifactIntegrityError, ArtifactNotFoundError } from './artifact-store';
import { PostgresArtifactStore } from './postgres-artifact-store';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

describe(PostgresArtifactStore.name, () => {
  it('round-trips bytes through a postgres-artifact: URI and records their sha256 and size', async () => {
    const store = new PostgresArtifactStore(db.prisma);
    const data = new Uint8Array(randomBytes(3 * 1024 * 1024 + 17));
    const uri = await store.put('models/m1.ckpt', data);
    assert.equal(uri, 'postgres-artifact:models/m1.ckpt');
    assert.deepEqual(await store.get(uri), data);
    const row = await db.prisma.modelArtifact.findUniqueOrThrow({ where: { key: 'models/m1.ckpt' }, select: { sha256: true, sizeBytes: true } });
    assert.deepEqual(row, { sha256: sha256Hex(data), sizeBytes: data.byteLength });
  });

  it('overwrites a key in place (an upsert): one row, the new bytes', async () => {
    const store = new PostgresArtifactStore(db.prisma);
    await store.put('models/over.ckpt', new Uint8Array([1, 2, 3]));
    // A subarray: the store must write the view, not the whole buffer under it.
    const backing = new Uint8Array([9, 9, 4, 5, 9]);
    const uri = await store.put('models/over.ckpt', backing.subarray(2, 4));
    await Promise.all([6, 7, 8].map((n) => store.put('models/over.ckpt', new Uint8Array(1000).fill(n))));
    const bytes = await store.get(uri);
    assert.equal(bytes.length, 1000);
    assert.ok([6, 7, 8].includes(bytes[0] ?? -1) && bytes.every((b) => b === bytes[0]), 'one complete write, not a mix');
    assert.equal(await db.prisma.modelArtifact.count({ where: { key: 'models/over.ckpt' } }), 1);
    await store.put('models/view.ckpt', backing.subarray(2, 4));
    assert.deepEqual(await store.get('postgres-artifact:models/view.ckpt'), new Uint8Array([4, 5]));
  });

  it('refuses bytes whose sha256 is not the one written', async () => {
    const store = new PostgresArtifactStore(db.prisma);
    const data = new Uint8Array([10, 20, 30, 40]);
    const uri = await store.put('models/tampered.ckpt', data);
    await db.prisma.$executeRaw`UPDATE "ModelArtifact" SET "bytes" = ${Buffer.from([10, 20, 30, 41])} WHERE "key" = 'models/tampered.ckpt'`;
    await assert.rejects(store.get(uri), (error: unknown) => {
      assert.ok(error instanceof ArtifactIntegrityError);
      assert.equal(error.expectedSha256, sha256Hex(data));
      assert.match(error.message, /artifact postgres-artifact:models\/tampered.ckpt is corrupt/);
      return true;
    });
  });

  it('reports a missing artifact, bad keys and URIs of other stores', async () => {
    const store = new PostgresArtifactStore(db.prisma);
    await assert.rejects(store.get('postgres-artifact:models/none.ckpt'), ArtifactNotFoundError);
    await assert.rejects(store.get('file:///tmp/x.ckpt'), /not a postgres-artifact: artifact URI/);
    await assert.rejects(store.get('postgres-artifact:../x'), /invalid artifact key/);
    for (const key of ['../x.bin', '/abs.bin', '', 'a//b']) await assert.rejects(store.put(key, new Uint8Array([1])), /invalid artifact key/, key);
    assert.equal(await db.prisma.modelArtifact.count({ where: { key: { contains: 'x.bin' } } }), 0);
  });
});
