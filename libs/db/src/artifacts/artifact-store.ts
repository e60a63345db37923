/**
 * Where trained model weights live. `put` returns a URI to store in Model.artifactUri; `get` takes
 * such a URI back. Keys are relative paths like `models/<model-id>.ckpt`. URIs carry their store's
 * scheme (`postgres-artifact:`, `file://`, `s3://`), so any process can read a model whatever store
 * it is configured to write to (create-artifact-store.ts).
 */
export interface ArtifactStore {
  put(key: string, data: Uint8Array): Promise<string>;
  get(uri: string): Promise<Uint8Array>;
}

/** A store that can only read (what routing uses for URIs of stores other than the writer). */
export type ArtifactReader = Pick<ArtifactStore, 'get'>;

export class ArtifactNotFoundError extends Error {
  override readonly name = 'ArtifactNotFoundError';
  constructor(readonly uri: string) {
    super(`artifact not found: ${uri}`);
  }
}

/** The bytes read back are not the bytes written: refuse them rather than load a corrupt model. */
export class ArtifactIntegrityError extends Error {
  override readonly name = 'ArtifactIntegrityError';
  constructor(
    readonly uri: string,
    readonly expectedSha256: string,
    readonly actualSha256: string,
  ) {
    super(`artifact ${uri} is corrupt: its sha256 is ${actualSha256}, ${expectedSha256} was written`);
  }
}
