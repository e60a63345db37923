import { assertArtifactKey, sha256Hex } from '../artifact-key';
import { ArtifactIntegrityError, ArtifactNotFoundError, type ArtifactReader, type ArtifactStore } from '../artifact-store';
import type { S3Client } from './s3-client';
import { formatS3Url, parseS3Url, type S3Object } from './s3-location';

/** Object metadata carrying the content's sha256 (`x-amz-meta-sha256`), checked on read. */
const SHA256_METADATA = 'sha256';

/** Reads `s3://bucket/key` artifact URIs of any bucket the credentials reach. */
export class S3ArtifactReader implements ArtifactReader {
  constructor(protected readonly client: S3Client) {}

  async get(uri: string): Promise<Uint8Array> {
    const response = await this.client.getObject(parseS3Url(uri));
    if (response === undefined) throw new ArtifactNotFoundError(uri);
    const expected = response.headers.get(`x-amz-meta-${SHA256_METADATA}`);
    if (expected !== null) {
      const actual = sha256Hex(response.body);
      if (actual !== expected) throw new ArtifactIntegrityError(uri, expected, actual);
    }
    return response.body;
  }
}

/**
 * Artifacts as objects under `s3://bucket/prefix/` (ARTIFACT_STORE=s3://…): AWS S3 or any
 * S3-compatible store (MinIO, …) reachable from every replica. A PUT is atomic in S3: readers see
 * the previous object or the new one. The sha256 goes along as metadata.
 */
export class S3ArtifactStore extends S3ArtifactReader implements ArtifactStore {
  constructor(
    readonly location: S3Object,
    client: S3Client,
  ) {
    super(client);
  }

  async put(key: string, data: Uint8Array): Promise<string> {
    assertArtifactKey(key);
    const object = { bucket: this.location.bucket, key: this.location.key === '' ? key : `${this.location.key}/${key}` };
    await this.client.putObject(object, data, { [SHA256_METADATA]: sha256Hex(data) });
    return formatS3Url(object);
  }
}
