import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ArtifactNotFoundError, type ArtifactReader } from './artifact-store';

/**
 * Reads any `file://` artifact URI: a model written to a directory store stays readable after
 * ARTIFACT_STORE changed (to postgres, say), for as long as its directory exists on this host.
 * The URIs come from Model.artifactUri, which only the trainer writes.
 */
export class FileArtifactReader implements ArtifactReader {
  async get(uri: string): Promise<Uint8Array> {
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      throw new Error(`not a file:// artifact URI: ${JSON.stringify(uri)}`);
    }
    return readArtifactFile(file, uri);
  }
}

export async function readArtifactFile(file: string, uri: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ArtifactNotFoundError(uri);
    throw error;
  }
}
