import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { uriScheme } from './artifact-key';
import { parseS3Url } from './s3/s3-location';

/** Where new artifacts are written (ARTIFACT_STORE); reading goes by each URI's own scheme. */
export type ArtifactStoreSpec =
  | { kind: 'postgres' }
  | { kind: 'directory'; root: string }
  | { kind: 's3'; bucket: string; prefix: string };

export const DEFAULT_ARTIFACT_STORE = 'postgres';

const FORMS = '`postgres`, a directory path, file:///abs/dir or s3://bucket/prefix';

/**
 * Parses ARTIFACT_STORE: `postgres` (the ModelArtifact table of DATABASE_URL), a directory path
 * (relative to `cwd`) or `file:///abs/dir`, or `s3://bucket[/prefix]`. Any other scheme is refused
 * by name rather than mistaken for a relative directory called "gs:"; a directory literally named
 * `postgres` is written `./postgres`.
 */
export function parseArtifactStoreSpec(spec: string, cwd: string = process.cwd()): ArtifactStoreSpec {
  const text = spec.trim();
  if (text === '') throw new Error(`artifact store location is empty: give ${FORMS}`);
  if (text.toLowerCase() === 'postgres') return { kind: 'postgres' };
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text) ? uriScheme(text) : undefined;
  if (scheme === undefined) return { kind: 'directory', root: path.resolve(cwd, text) };
  if (scheme === 'file') {
    try {
      return { kind: 'directory', root: fileURLToPath(text) };
    } catch (error) {
      throw new Error(`invalid file URL for the artifact store ${JSON.stringify(text)}: ${(error as Error).message}`);
    }
  }
  if (scheme === 's3') {
    const { bucket, key } = parseS3Url(text, { allowEmptyKey: true });
    return { kind: 's3', bucket, prefix: key };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    throw new Error(`artifact store ${JSON.stringify(text)}: the PostgreSQL store is the one of DATABASE_URL; write ARTIFACT_STORE=postgres`);
  }
  throw new Error(`unsupported artifact store scheme "${scheme}:" in ${JSON.stringify(text)}: use ${FORMS}`);
}

/**
 * The same setting with a relative directory made absolute, so the trainer's worker thread and
 * every later job see the directory the service resolved at start; other forms are kept as given.
 */
export function normalizeArtifactStoreSpec(spec: string, cwd: string = process.cwd()): string {
  const parsed = parseArtifactStoreSpec(spec, cwd);
  const text = spec.trim();
  return parsed.kind === 'directory' && !text.includes('://') ? parsed.root : text;
}
