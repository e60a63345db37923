import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeArtifactStoreSpec, parseArtifactStoreSpec } from './artifact-store-spec';

describe(parseArtifactStoreSpec.name, () => {
  it('reads postgres, directories, file URLs and s3 locations', () => {
    assert.deepEqual(parseArtifactStoreSpec('postgres'), { kind: 'postgres' });
    assert.deepEqual(parseArtifactStoreSpec(' Postgres '), { kind: 'postgres' });
    assert.deepEqual(parseArtifactStoreSpec('./postgres', '/srv'), { kind: 'directory', root: '/srv/postgres' });
    assert.deepEqual(parseArtifactStoreSpec('data/a', '/srv'), { kind: 'directory', root: '/srv/data/a' });
    assert.deepEqual(parseArtifactStoreSpec('/data/a', '/srv'), { kind: 'directory', root: '/data/a' });
    assert.deepEqual(parseArtifactStoreSpec('file:///data/a%20b'), { kind: 'directory', root: '/data/a b' });
    assert.deepEqual(parseArtifactStoreSpec('s3://my-bucket'), { kind: 's3', bucket: 'my-bucket', prefix: '' });
    assert.deepEqual(parseArtifactStoreSpec('s3://my-bucket/'), { kind: 's3', bucket: 'my-bucket', prefix: '' });
    assert.deepEqual(parseArtifactStoreSpec('s3://my.bucket/alkdrec/prod/'), { kind: 's3', bucket: 'my.bucket', prefix: 'alkdrec/prod' });
  });

  it('refuses what it cannot write to, naming the forms it takes', () => {
    assert.throws(() => parseArtifactStoreSpec(' '), /empty: give `postgres`, a directory path, file:\/\/\/abs\/dir or s3:\/\/bucket\/prefix/);
    assert.throws(() => parseArtifactStoreSpec('gs://bucket/x'), /unsupported artifact store scheme "gs:" in "gs:\/\/bucket\/x"/);
    assert.throws(() => parseArtifactStoreSpec('postgresql://db/x'), /the one of DATABASE_URL; write ARTIFACT_STORE=postgres/);
    assert.throws(() => parseArtifactStoreSpec('file://host/dir'), /invalid file URL/);
    assert.throws(() => parseArtifactStoreSpec('s3://Bad_Bucket/x'), /invalid S3 bucket "Bad_Bucket"/);
    assert.throws(() => parseArtifactStoreSpec('s3://ab'), /invalid S3 bucket "ab"/);
    assert.throws(() => parseArtifactStoreSpec('s3://bucket/a/../b'), /invalid S3 key "a\/..\/b"/);
  });
});

describe(normalizeArtifactStoreSpec.name, () => {
  it('makes a relative directory absolute and keeps every other form as given', () => {
    assert.equal(normalizeArtifactStoreSpec('rel/store', '/srv'), '/srv/rel/store');
    assert.equal(normalizeArtifactStoreSpec('/data/a', '/srv'), '/data/a');
    assert.equal(normalizeArtifactStoreSpec('file:///data/a', '/srv'), 'file:///data/a');
    assert.equal(normalizeArtifactStoreSpec('postgres', '/srv'), 'postgres');
    assert.equal(normalizeArtifactStoreSpec('s3://bucket/p', '/srv'), 's3://bucket/p');
  });
});
