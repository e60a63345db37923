import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startSimulatedS3Server, type SimulatedS3Server } from '../../testing/simulated-s3-server';
import { ArtifactIntegrityError, ArtifactNotFoundError } from '../artifact-store';
import { S3ArtifactReader, S3ArtifactStore } from './s3-artifact-store';
import { S3Client } from './s3-client';
import { S3RequestError } from './s3-error';
import { s3SettingsFromEnv } from './s3-settings';

const ACCESS_KEY = 'AKIASIMULATED0001';
const SECRET = 'simulated-secret/with+odd=chars';
let server: SimulatedS3Server;

before(async () => {
  server = await startSimulatedS3Server({ credentials: { [ACCESS_KEY]: SECRET }, region: 'eu-west-3', buckets: ['models-bucket'] });
});
after(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.objects.clear();
});

function env(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: 'eu-west-3', AWS_ENDPOINT_URL_S3: server.endpoint, ...overrides };
}

function store(envOverrides: Record<string, string> = {}, prefix = 'alkdrec/prod'): S3ArtifactStore {
  const client = new S3Client(s3SettingsFromEnv(env(envOverrides), { timeoutMs: 2_000, firstBackoffMs: 5 }));
  return new S3ArtifactStore({ bucket: 'models-bucket', key: prefix }, client);
}

describe(S3ArtifactStore.name, () => {
  it('round-trips bytes under the prefix with signed path-style requests', async () => {
    const data = new Uint8Array(randomBytes(200_000));
    const uri = await store().put('models/fpmc (v1)*.ckpt', data);
    assert.equal(uri, 's3://models-bucket/alkdrec/prod/models/fpmc (v1)*.ckpt');
    assert.deepEqual(await store().get(uri), data);
    assert.deepEqual([...server.objects.keys()], ['models-bucket/alkdrec/prod/models/fpmc (v1)*.ckpt']);
    assert.deepEqual(server.requests.map((r) => [r.method, r.path, r.status]), [
      ['PUT', '/models-bucket/alkdrec/prod/models/fpmc%20%28v1%29%2A.ckpt', 200],
      ['GET', '/models-bucket/alkdrec/prod/models/fpmc%20%28v1%29%2A.ckpt', 200],
    ]);
    for (const request of server.requests) {
      assert.match(request.authorization ?? '', new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/\\d{8}/eu-west-3/s3/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$`));
    }
  });

  it('sends the session token when there is one (signed along)', async () => {
    const uri = await store({ AWS_SESSION_TOKEN: 'simulated-session-token' }, '').put('a.ckpt', new Uint8Array([1]));
    assert.equal(uri, 's3://models-bucket/a.ckpt');
    assert.match(server.requests[0]?.authorization ?? '', /SignedHeaders=[a-z0-9;-]*x-amz-security-token/);
  });

  it('retries 5xx and throttling with backoff, then succeeds', async () => {
    server.failNext(1, 500);
    server.failNext(1, 503); // SlowDown
    const uri = await store().put('models/retry.ckpt', new Uint8Array([1, 2, 3]));
    assert.deepEqual(server.requests.map((r) => r.status), [500, 503, 200]);
    server.failNext(1, 502);
    assert.deepEqual(await store().get(uri), new Uint8Array([1, 2, 3]));
    assert.deepEqual(server.requests.map((r) => r.status), [500, 503, 200, 502, 200]);
  });

  it('gives up after AWS_MAX_ATTEMPTS with the last answer in the error', async () => {
    server.failNext(3, 500);
    await assert.rejects(store({ AWS_MAX_ATTEMPTS: '3' }).put('models/down.ckpt', new Uint8Array([1])), (error: unknown) => {
      assert.ok(error instanceof S3RequestError);
      assert.equal(error.attempts, 3);
      assert.equal(error.message, 'S3 PUT s3://models-bucket/alkdrec/prod/models/down.ckpt failed after 3 attempts: 500 InternalError (simulated fault)');
      return true;
    });
    assert.equal(server.requests.length, 3);
  });

  it('times out a request that gets no answer and tries again', async () => {
    server.stallNext(1);
    const client = new S3Client(s3SettingsFromEnv(env(), { timeoutMs: 300, firstBackoffMs: 5 }));
    const uri = await new S3ArtifactStore({ bucket: 'models-bucket', key: '' }, client).put('stalled.ckpt', new Uint8Array([4]));
    assert.deepEqual(server.requests.map((r) => r.status), [0, 200]);
    assert.deepEqual(await store().get(uri), new Uint8Array([4]));
  });

  it('refuses a 403 at once, naming the bucket and key and what to check, never the secret', async () => {
    const wrongSecret = 'not-the-right-secret-value';
    await assert.rejects(store({ AWS_SECRET_ACCESS_KEY: wrongSecret }).put('models/m.ckpt', new Uint8Array([1])), (error: unknown) => {
      assert.ok(error instanceof S3RequestError);
      assert.equal(error.status, 403);
      assert.equal(error.code, 'SignatureDoesNotMatch');
      assert.match(error.message, /^S3 PUT s3:\/\/models-bucket\/alkdrec\/prod\/models\/m\.ckpt failed: 403 SignatureDoesNotMatch .*; check AWS_SECRET_ACCESS_KEY$/);
      assert.ok(!error.message.includes(wrongSecret) && !error.message.includes(SECRET));
      return true;
    });
    assert.equal(server.requests.length, 1, 'a 403 is not retried');
    await assert.rejects(store({ AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN' }).get('s3://models-bucket/k'), /403 InvalidAccessKeyId .*check AWS_ACCESS_KEY_ID/);
    await assert.rejects(store({ AWS_REGION: 'us-east-1' }).get('s3://models-bucket/k'), /400 AuthorizationHeaderMalformed .*check AWS_REGION/);
    assert.equal(server.objects.size, 0);
  });

  it('reports a missing object as not found and a missing bucket by name', async () => {
    await assert.rejects(store().get('s3://models-bucket/alkdrec/none.ckpt'), ArtifactNotFoundError);
    const other = new S3ArtifactStore({ bucket: 'no-such-bucket', key: '' }, new S3Client(s3SettingsFromEnv(env())));
    await assert.rejects(other.put('m.ckpt', new Uint8Array([1])), /S3 PUT s3:\/\/no-such-bucket\/m\.ckpt failed: 404 NoSuchBucket .*create the bucket/);
  });

  it('checks the sha256 stored with the object', async () => {
    const uri = await store().put('models/c.ckpt', new Uint8Array([1, 2, 3]));
    server.objects.get('models-bucket/alkdrec/prod/models/c.ckpt')!.body[0] = 9;
    await assert.rejects(store().get(uri), ArtifactIntegrityError);
  });

  it('reads any bucket with a reader, and refuses bad keys before any request', async () => {
    await store().put('r.ckpt', new Uint8Array([5]));
    const reader = new S3ArtifactReader(new S3Client(s3SettingsFromEnv(env())));
    assert.deepEqual(await reader.get('s3://models-bucket/alkdrec/prod/r.ckpt'), new Uint8Array([5]));
    const before = server.requests.length;
    await assert.rejects(store().put('../escape', new Uint8Array([1])), /invalid artifact key/);
    await assert.rejects(reader.get('s3://models-bucket/a//b'), /invalid S3 key/);
    assert.equal(server.requests.length, before);
  });
});

describe(s3SettingsFromEnv.name, () => {
  it("reads the AWS SDKs' variables with their precedence", () => {
    const settings = s3SettingsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'eu-north-1', AWS_ENDPOINT_URL: 'http://generic:1', AWS_ENDPOINT_URL_S3: 'http://minio:9000' });
    assert.equal(settings.region, 'eu-north-1');
    assert.equal(settings.endpoint?.href, 'http://minio:9000/');
    assert.equal(settings.maxAttempts, 4);
    assert.equal(s3SettingsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's', AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'x' }).region, 'ap-south-1');
    assert.equal(s3SettingsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's' }).endpoint, undefined);
  });

  it('names missing or bad variables, never their values', () => {
    assert.throws(() => s3SettingsFromEnv({ AWS_SECRET_ACCESS_KEY: 'hunter2' }), /needs AWS_ACCESS_KEY_ID in the environment/);
    assert.throws(() => s3SettingsFromEnv({}), /needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    assert.throws(() => s3SettingsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's', AWS_ENDPOINT_URL: 'minio:9000' }), /AWS_ENDPOINT_URL must start with http/);
    assert.throws(() => s3SettingsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's', AWS_MAX_ATTEMPTS: '0' }), /AWS_MAX_ATTEMPTS must be a whole number/);
  });
});
