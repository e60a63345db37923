import { Client } from 'pg';
import { assertSchemaName, DEFAULT_SCHEMA, quoteIdentifier, type DatabaseOptions } from '../database-options';
import { DEFAULT_MIGRATIONS_DIR, readMigrationFiles } from './migration-files';

export interface MigrateOptions extends DatabaseOptions {
  /** Defaults to libs/db/prisma/migrations. */
  migrationsDir?: string;
  /** Called once per migration applied. */
  log?: (message: string) => void;
}

export interface MigrateResult {
  schema: string;
  /** Applied by this call, in order. */
  applied: string[];
  /** Already recorded before this call (checksums verified). */
  skipped: string[];
  /** Recorded in the database but absent from the folder: the database is newer than this code. */
  unknown: string[];
}

/** The name of the bookkeeping table, created in the migrated schema. */
export const MIGRATIONS_TABLE = '_alkdrec_migrations';

/** First key of our advisory locks ("ALKD"); the second is the schema name's hash. */
const ADVISORY_LOCK_CLASS = 0x414c4b44;

export class MigrationChecksumError extends Error {
  override readonly name = 'MigrationChecksumError';
  constructor(
    readonly migration: string,
    readonly recordedChecksum: string,
    readonly fileChecksum: string,
  ) {
    super(
      `migration ${migration} was edited after it was applied (recorded sha256 ${recordedChecksum}, ` +
        `file sha256 ${fileChecksum}); restore the file and add a new migration for the change`,
    );
  }
}

export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(`migration ${migration} failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/**
 * Applies libs/db/prisma/migrations/<name>/migration.sql in name order to one schema, each in its own
 * transaction together with its row in `_alkdrec_migrations` (so a migration is recorded exactly when
 * it took effect). We cannot use `prisma migrate deploy`: it needs the schema engine binary, which
 * cannot be downloaded offline (prisma/orm#27403), so this does the same bookkeeping with `pg`.
 *
 * A session-level advisory lock per schema serialises concurrent runs (two replicas starting at
 * once): the second waits, then finds everything applied. Every recorded checksum is verified
 * before anything is applied, so an edited migration stops the run instead of drifting silently.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  assertSchemaName(schema);
  const files = await readMigrationFiles(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const quotedSchema = quoteIdentifier(schema);
  const table = `${quotedSchema}.${quoteIdentifier(MIGRATIONS_TABLE)}`;

  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [ADVISORY_LOCK_CLASS, schema]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quotedSchema}`);
      // Migration SQL from `prisma migrate diff` names no schema: it lands wherever search_path says.
      await client.query(`SET search_path TO ${quotedSchema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${table} (
           name text PRIMARY KEY,
           checksum text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM ${table}`);
      const recorded = new Map(rows.map((row) => [row.name, row.checksum]));

      for (const file of files) {
        const checksum = recorded.get(file.name);
        if (checksum !== undefined && checksum !== file.checksum) {
          throw new MigrationChecksumError(file.name, checksum, file.checksum);
        }
      }

      const result: MigrateResult = { schema, applied: [], skipped: [], unknown: [] };
      const fileNames = new Set(files.map((file) => file.name));
      result.unknown = [...recorded.keys()].filter((name) => !fileNames.has(name)).sort();
      for (const file of files) {
        if (recorded.has(file.name)) {
          result.skipped.push(file.name);
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(file.sql);
          await client.query(`INSERT INTO ${table} (name, checksum) VALUES ($1, $2)`, [file.name, file.checksum]);
          await client.query('COMMIT');
        } catch (error) {
          // If the connection itself broke, ROLLBACK fails too; report the original error.
          await client.query('ROLLBACK').catch(() => undefined);
          throw new MigrationFailedError(file.name, error);
        }
        result.applied.push(file.name);
        options.log?.(`applied migration ${file.name} to schema ${schema}`);
      }
      return result;
    } finally {
      // Ending the session releases the lock anyway; don't let a failed unlock hide the real error.
      await client
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [ADVISORY_LOCK_CLASS, schema])
        .catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
