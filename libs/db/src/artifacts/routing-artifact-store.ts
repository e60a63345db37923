import { uriScheme } from './artifact-key';
import type { ArtifactReader, ArtifactStore } from './artifact-store';

/**
 * Writes to the configured store and reads each URI from the store its scheme names, so a model
 * written before ARTIFACT_STORE changed stays readable. Readers are built on first use: a process
 * without AWS variables fails only when it meets an s3:// URI, and says which variables it needs.
 */
export class RoutingArtifactStore implements ArtifactStore {
  private readonly built = new Map<string, ArtifactReader>();

  constructor(
    private readonly writer: ArtifactStore,
    private readonly readers: Readonly<Record<string, () => ArtifactReader>>,
  ) {}

  put(key: string, data: Uint8Array): Promise<string> {
    return this.writer.put(key, data);
  }

  async get(uri: string): Promise<Uint8Array> {
    return this.readerOf(uri).get(uri);
  }

  private readerOf(uri: string): ArtifactReader {
    const scheme = uriScheme(uri);
    const build = scheme === undefined ? undefined : this.readers[scheme];
    if (scheme === undefined || build === undefined) {
      const known = Object.keys(this.readers).map((s) => `${s}:`).join(', ');
      throw new Error(`artifact URI ${JSON.stringify(uri)} names no known store (known: ${known})`);
    }
    let reader = this.built.get(scheme);
    if (reader === undefined) {
      reader = build();
      this.built.set(scheme, reader);
    }
    return reader;
  }
}
