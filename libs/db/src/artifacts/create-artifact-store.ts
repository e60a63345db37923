import { fileURLToPath } from 'node:url';
import type { ArtifactStore } from './artifact-store';
import { DirectoryArtifactStore } from './directory-artifact-store';

const URL_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/**
 * An artifact store from configuration: a directory path (relative to the working directory) or a
 * `file:///absolute/dir` URL. Other schemes (s3://, gs://, …) are not implemented and are refused
 * by name rather than mistaken for a relative directory called "s3:".
 */
export function createArtifactStore(spec: string): ArtifactStore {
  if (spec.trim() === '') throw new Error('artifact store location is empty: give a directory or file:///abs/dir');
  const scheme = URL_SCHEME.exec(spec)?.[1];
  if (scheme === undefined) return new DirectoryArtifactStore(spec);
  if (scheme.toLowerCase() !== 'file') {
    throw new Error(`unsupported artifact store scheme "${scheme}:" in ${JSON.stringify(spec)}: use a directory path or file:///abs/dir`);
  }
  try {
    return new DirectoryArtifactStore(fileURLToPath(spec));
  } catch (error) {
    throw new Error(`invalid file URL for the artifact store ${JSON.stringify(spec)}: ${(error as Error).message}`);
  }
}
