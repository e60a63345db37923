import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSimulatedS3Server, type SimulatedS3Server } from '../testing/simulated-s3-server';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { ArtifactNotFoundError } from './artifact-store';
import { checkArtifactStoreSettings, createArtifactStore } from './create-artifact-store';

let db: TestDatabase;
let dir: string;
let s3: SimulatedS3Server;
let awsEnv: NodeJS.ProcessEnv;

before(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'alkdrec-routing-'));
  s3 = await startSimulatedS3Server({ credentials: { AKIAROUTING: 'routing-secret' }, buckets: ['alkdrec'] });
  awsEnv = { AWS_ACCESS_KEY_ID: 'AKIAROUTING', AWS_SECRET_ACCESS_KEY: 'routing-secret', AWS_ENDPOINT_URL: s3.endpoint };
});
after(async () => {
  await s3.close();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe(createArtifactStore.name, () => {
  it('writes to the configured store: postgres, a directory (path or file URL) or s3', async () => {
    const data = new Uint8Array([3, 1, 4]);
    assert.equal(await createArtifactStore('postgres', { prisma: db.prisma }).put('w/a.ckpt', data), 'postgres-artifact:w/a.ckpt');
    assert.equal(await createArtifactStore(dir, { prisma: db.prisma }).put('w/a.ckpt', data), pathToFileURL(path.join(dir, 'w', 'a.ckpt')).href);
    const byUrl = await createArtifactStore(pathToFileURL(path.join(dir, 'u')).href, { prisma: db.prisma }).put('a.ckpt', data);
    assert.equal(byUrl, pathToFileURL(path.join(dir, 'u', 'a.ckpt')).href);
    assert.equal(await createArtifactStore('s3://alkdrec/runs', { prisma: db.prisma, env: awsEnv }).put('w/a.ckpt', data), 's3://alkdrec/runs/w/a.ckpt');
    assert.deepEqual([...s3.objects.keys()], ['alkdrec/runs/w/a.ckpt']);
  });

  it('reads every URI from the store its scheme names, whatever store writes', async () => {
    const fromDir = await createArtifactStore(dir, { prisma: db.prisma }).put('old/m.ckpt', new Uint8Array([1]));
    const fromPg = await createArtifactStore('postgres', { prisma: db.prisma }).put('pg/m.ckpt', new Uint8Array([2]));
    const fromS3 = await createArtifactStore('s3://alkdrec', { prisma: db.prisma, env: awsEnv }).put('s3/m.ckpt', new Uint8Array([3]));
    for (const writer of ['postgres', path.join(dir, 'elsewhere'), 's3://alkdrec/other']) {
      const store = createArtifactStore(writer, { prisma: db.prisma, env: awsEnv });
      assert.deepEqual(await store.get(fromDir), new Uint8Array([1]), `${writer} reads a file:// URI`);
      assert.deepEqual(await store.get(fromPg), new Uint8Array([2]), `${writer} reads a postgres-artifact: URI`);
      assert.deepEqual(await store.get(fromS3), new Uint8Array([3]), `${writer} reads an s3:// URI`);
    }
    await rm(path.join(dir, 'old'), { recursive: true });
    await assert.rejects(createArtifactStore('postgres', { prisma: db.prisma }).get(fromDir), ArtifactNotFoundError, 'readable only while the directory exists');
  });

  it('asks for the AWS variables only when it meets s3, naming them', async () => {
    const store = createArtifactStore('postgres', { prisma: db.prisma, env: {} });
    await assert.rejects(store.get('s3://alkdrec/s3/m.ckpt'), /the s3:\/\/ artifact store needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    assert.throws(() => createArtifactStore('s3://alkdrec', { prisma: db.prisma, env: { AWS_ACCESS_KEY_ID: 'x' } }), /needs AWS_SECRET_ACCESS_KEY/);
    assert.throws(() => checkArtifactStoreSettings('s3://alkdrec', {}), /needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    assert.doesNotThrow(() => checkArtifactStoreSettings('postgres', {}));
  });

  it('refuses URIs of no known store and settings it cannot write to', async () => {
    const store = createArtifactStore('postgres', { prisma: db.prisma });
    await assert.rejects(store.get('gs://bucket/m.ckpt'), /artifact URI "gs:\/\/bucket\/m.ckpt" names no known store \(known: postgres-artifact:, file:, s3:\)/);
    await assert.rejects(store.get('models/m.ckpt'), /names no known store/);
    assert.throws(() => createArtifactStore('gs://bucket', { prisma: db.prisma }), /unsupported artifact store scheme "gs:"/);
  });
});
