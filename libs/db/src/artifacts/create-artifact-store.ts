import type { PrismaClient } from '../prisma-client';
import type { ArtifactReader, ArtifactStore } from './artifact-store';
import { parseArtifactStoreSpec } from './artifact-store-spec';
import { DirectoryArtifactStore } from './directory-artifact-store';
import { FileArtifactReader } from './file-artifact-reader';
import { POSTGRES_ARTIFACT_SCHEME, PostgresArtifactStore } from './postgres-artifact-store';
import { RoutingArtifactStore } from './routing-artifact-store';
import { S3ArtifactReader, S3ArtifactStore } from './s3/s3-artifact-store';
import { S3Client } from './s3/s3-client';
import { s3SettingsFromEnv, type S3Settings } from './s3/s3-settings';

export interface ArtifactStoreDeps {
  /** The service's client: the postgres store's table is in its database and schema. */
  prisma: PrismaClient;
  /** Where the AWS variables are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Tests: shorter S3 timeouts and backoff, a fetch of their own. */
  s3Tuning?: Partial<Pick<S3Settings, 'timeoutMs' | 'firstBackoffMs'>>;
  fetch?: typeof fetch;
}

/**
 * The artifact store of a service from ARTIFACT_STORE (artifact-store-spec.ts): writes go to that
 * store; reads go to the store each URI's scheme names (`postgres-artifact:`, `file:`, `s3:`),
 * whichever is configured for writing.
 */
export function createArtifactStore(spec: string, deps: ArtifactStoreDeps): ArtifactStore {
  const parsed = parseArtifactStoreSpec(spec);
  let s3Client: S3Client | undefined;
  const s3 = (): S3Client => (s3Client ??= new S3Client(s3SettingsFromEnv(deps.env ?? process.env, deps.s3Tuning), deps.fetch));
  const postgres = new PostgresArtifactStore(deps.prisma);
  const writer: ArtifactStore =
    parsed.kind === 'postgres'
      ? postgres
      : parsed.kind === 'directory'
        ? new DirectoryArtifactStore(parsed.root)
        : new S3ArtifactStore({ bucket: parsed.bucket, key: parsed.prefix }, s3());
  const readers: Record<string, () => ArtifactReader> = {
    [POSTGRES_ARTIFACT_SCHEME]: () => postgres,
    file: () => new FileArtifactReader(),
    s3: () => (writer instanceof S3ArtifactStore ? writer : new S3ArtifactReader(s3())),
  };
  return new RoutingArtifactStore(writer, readers);
}

/**
 * What a service checks at start, before any job: the setting parses and, for s3://, the AWS
 * variables it needs are there (a missing key fails the entry, not the first training hours later).
 */
export function checkArtifactStoreSettings(spec: string, env: NodeJS.ProcessEnv = process.env): void {
  if (parseArtifactStoreSpec(spec).kind === 's3') s3SettingsFromEnv(env);
}
