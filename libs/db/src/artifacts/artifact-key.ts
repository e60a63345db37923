import { createHash } from 'node:crypto';

/**
 * Keys are relative, `/`-separated, without empty, `.` or `..` segments, backslashes or NULs: they
 * cannot leave a directory store's root, and they mean the same path in every store.
 */
export function assertArtifactKey(key: string): string[] {
  const segments = key.split('/');
  const valid = key !== '' && segments.every((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('\\') && !s.includes('\0'));
  if (!valid) {
    throw new Error(`invalid artifact key ${JSON.stringify(key)}: use a relative path like "dataset/model.bin"`);
  }
  return segments;
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The scheme of a URI, lower-case and without the colon (`file`, `s3`, `postgres-artifact`), or undefined. */
export function uriScheme(uri: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
}
