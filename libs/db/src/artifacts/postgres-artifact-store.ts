import type { PrismaClient } from '../prisma-client';
import { assertArtifactKey, sha256Hex } from './artifact-key';
import { ArtifactIntegrityError, ArtifactNotFoundError, type ArtifactStore } from './artifact-store';

/**
 * The URI scheme of artifacts kept in the ModelArtifact table: `postgres-artifact:models/x.ckpt`.
 * It names no host or schema: the row is in the reader's own database (DATABASE_URL and
 * DATABASE_SCHEMA), the one the Model row pointing at it lives in.
 */
export const POSTGRES_ARTIFACT_SCHEME = 'postgres-artifact';

/**
 * Artifacts as rows of ModelArtifact (ARTIFACT_STORE=postgres, the default): models are a few
 * megabytes, and every trainer and api replica already reaches PostgreSQL. A write is one upsert
 * statement, so a reader sees the old bytes or the new ones, never a mix; every read checks the
 * sha256 recorded with the bytes.
 */
export class PostgresArtifactStore implements ArtifactStore {
  constructor(private readonly prisma: PrismaClient) {}

  async put(key: string, data: Uint8Array): Promise<string> {
    assertArtifactKey(key);
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    await this.prisma.$executeRaw`
      INSERT INTO "ModelArtifact" ("key", "bytes", "sha256", "sizeBytes")
      VALUES (${key}, ${bytes}, ${sha256Hex(data)}, ${data.byteLength})
      ON CONFLICT ("key") DO UPDATE
        SET "bytes" = EXCLUDED."bytes", "sha256" = EXCLUDED."sha256", "sizeBytes" = EXCLUDED."sizeBytes", "createdAt" = now()`;
    return `${POSTGRES_ARTIFACT_SCHEME}:${key}`;
  }

  async get(uri: string): Promise<Uint8Array> {
    const key = keyOfUri(uri);
    // base64 text decodes ~5× faster than the driver's bytea path (32 MB: ~0.3 s against ~1.8 s).
    const [row] = await this.prisma.$queryRawUnsafe<{ base64: string; sha256: string }[]>(
      `SELECT encode("bytes", 'base64') AS "base64", "sha256" FROM "ModelArtifact" WHERE "key" = $1`,
      key,
    );
    if (row === undefined) throw new ArtifactNotFoundError(uri);
    const decoded = Buffer.from(row.base64, 'base64');
    const bytes = new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
    const actual = sha256Hex(bytes);
    if (actual !== row.sha256) throw new ArtifactIntegrityError(uri, row.sha256, actual);
    return bytes;
  }
}

function keyOfUri(uri: string): string {
  const prefix = `${POSTGRES_ARTIFACT_SCHEME}:`;
  if (!uri.startsWith(prefix)) throw new Error(`not a ${prefix} artifact URI: ${JSON.stringify(uri)}`);
  const key = uri.slice(prefix.length);
  assertArtifactKey(key);
  return key;
}
