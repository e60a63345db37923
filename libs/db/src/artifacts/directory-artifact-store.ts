import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assertArtifactKey } from './artifact-key';
import type { ArtifactStore } from './artifact-store';
import { readArtifactFile } from './file-artifact-reader';

/**
 * Artifacts as files under one directory, addressed by `file://` URIs. Writes go to a temporary
 * file in the target's directory, are flushed, then renamed over the target: rename is atomic on
 * one filesystem, so a crash or a concurrent reader never sees half a checkpoint.
 */
export class DirectoryArtifactStore implements ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async put(key: string, data: Uint8Array): Promise<string> {
    const target = this.pathOfKey(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const handle = await open(temporary, 'wx');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return pathToFileURL(target).href;
  }

  async get(uri: string): Promise<Uint8Array> {
    return readArtifactFile(this.pathOfUri(uri), uri);
  }

  private pathOfKey(key: string): string {
    return path.join(this.root, ...assertArtifactKey(key));
  }

  private pathOfUri(uri: string): string {
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      throw new Error(`not a file:// artifact URI: ${JSON.stringify(uri)}`);
    }
    if (!file.startsWith(this.root + path.sep)) {
      throw new Error(`artifact ${uri} is outside this store (${this.root})`);
    }
    return file;
  }
}
