/**
 * Where trained model weights live. `put` returns a URI to store in Model.artifactUri; `get` takes
 * such a URI back. Keys are relative paths like `movielens-hetrec2011/fpmc-teacher-s1.bin`.
 */
export interface ArtifactStore {
  put(key: string, data: Uint8Array): Promise<string>;
  get(uri: string): Promise<Uint8Array>;
}

export class ArtifactNotFoundError extends Error {
  override readonly name = 'ArtifactNotFoundError';
  constructor(readonly uri: string) {
    super(`artifact not found: ${uri}`);
  }
}
