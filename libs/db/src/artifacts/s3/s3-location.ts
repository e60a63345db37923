import { assertArtifactKey } from '../artifact-key';

/** A bucket and an object key in it (or a key prefix: `''` or `a/b`, no slashes at the ends). */
export interface S3Object {
  bucket: string;
  key: string;
}

/** S3's bucket naming rules (3–63 lower-case letters, digits, `.` and `-`). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * `s3://bucket/some/key` → { bucket, key }. With `allowEmptyKey` (a store's location) the key is a
 * prefix and may be empty: `s3://bucket`, `s3://bucket/`, `s3://bucket/models/`.
 */
export function parseS3Url(url: string, { allowEmptyKey = false } = {}): S3Object {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/i.exec(url);
  if (!match) throw new Error(`not an s3:// URL: ${JSON.stringify(url)}`);
  const bucket = match[1] ?? '';
  if (!BUCKET.test(bucket)) {
    throw new Error(`invalid S3 bucket ${JSON.stringify(bucket)} in ${JSON.stringify(url)}: 3-63 lower-case letters, digits, "." or "-"`);
  }
  // A store's prefix may end with slashes (`s3://bucket/models/`); an object's key may not.
  const key = allowEmptyKey ? (match[2] ?? '').replace(/\/+$/, '') : (match[2] ?? '');
  if (key === '' && allowEmptyKey) return { bucket, key };
  try {
    assertArtifactKey(key);
  } catch {
    throw new Error(`invalid S3 key ${JSON.stringify(key)} in ${JSON.stringify(url)}: use relative segments without "", "." or ".."`);
  }
  return { bucket, key };
}

export function formatS3Url({ bucket, key }: S3Object): string {
  return key === '' ? `s3://${bucket}` : `s3://${bucket}/${key}`;
}

/** RFC 3986 encoding of one path segment, as SigV4 canonicalises it (`!'()*` included). */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The HTTP URL of an object: path-style (`endpoint/bucket/key`) when an endpoint is configured
 * (MinIO and most S3-compatible stores) or the bucket has dots (they break the TLS wildcard);
 * virtual-hosted on AWS otherwise.
 */
export function objectHttpUrl(object: S3Object, region: string, endpoint: URL | undefined): URL {
  const keyPath = object.key.split('/').map(encodeSegment).join('/');
  if (endpoint !== undefined) {
    const base = endpoint.pathname.replace(/\/+$/, '');
    return new URL(`${endpoint.protocol}//${endpoint.host}${base}/${object.bucket}/${keyPath}`);
  }
  if (object.bucket.includes('.')) return new URL(`https://s3.${region}.amazonaws.com/${object.bucket}/${keyPath}`);
  return new URL(`https://${object.bucket}.s3.${region}.amazonaws.com/${keyPath}`);
}
