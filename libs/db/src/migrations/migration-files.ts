import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface MigrationFile {
  /** The migration's folder name, e.g. `20261127000000_init`; folders sort in application order. */
  name: string;
  sql: string;
  /** sha256 of migration.sql as bytes: an edit after it was applied is refused, not re-applied. */
  checksum: string;
}

/**
 * libs/db/prisma/migrations, found from the compiled file (libs/db/dist/migrations/…) so it works
 * from any working directory, in a container as well as in the repo.
 */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'prisma', 'migrations');

/** Reads every `<dir>/<name>/migration.sql`, sorted by name (Prisma's timestamped folder names). */
export async function readMigrationFiles(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new Error(`cannot read the migrations folder ${dir}: ${(error as Error).message}`);
  }
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, 'migration.sql');
      const bytes = await readFile(file).catch((error: Error) => {
        throw new Error(`migration ${name} has no readable migration.sql (${file}): ${error.message}`);
      });
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    }),
  );
}
