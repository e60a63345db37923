import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { objectHttpUrl, parseS3Url } from './s3-location';

describe(objectHttpUrl.name, () => {
  const object = { bucket: 'models', key: 'a b/c+d.ckpt' };

  it('is virtual-hosted on AWS and path-style with an endpoint or a dotted bucket', () => {
    assert.equal(objectHttpUrl(object, 'eu-west-3', undefined).href, 'https://models.s3.eu-west-3.amazonaws.com/a%20b/c%2Bd.ckpt');
    assert.equal(objectHttpUrl(object, 'eu-west-3', new URL('http://minio:9000')).href, 'http://minio:9000/models/a%20b/c%2Bd.ckpt');
    assert.equal(objectHttpUrl(object, 'eu-west-3', new URL('https://gw.example/s3/')).href, 'https://gw.example/s3/models/a%20b/c%2Bd.ckpt');
    assert.equal(objectHttpUrl({ bucket: 'my.models', key: 'k' }, 'us-east-1', undefined).href, 'https://s3.us-east-1.amazonaws.com/my.models/k');
  });
});

describe(parseS3Url.name, () => {
  it('splits bucket and key, and refuses an empty key for an object', () => {
    assert.deepEqual(parseS3Url('s3://models/a/b.ckpt'), { bucket: 'models', key: 'a/b.ckpt' });
    assert.throws(() => parseS3Url('s3://models/'), /invalid S3 key ""/);
    assert.throws(() => parseS3Url('s3://models/a/'), /invalid S3 key "a\/"/);
    assert.throws(() => parseS3Url('https://models/a'), /not an s3:\/\/ URL/);
  });
});
