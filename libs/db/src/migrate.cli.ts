// `npm run db:migrate`: applies pending migrations to DATABASE_URL / DATABASE_SCHEMA and exits
// non-zero with the reason when it cannot (edited migration, failing SQL, no database).
import { databaseOptionsFromEnv } from './database-options';
import { migrate } from './migrations/migrate';

async function main(): Promise<void> {
  const options = databaseOptionsFromEnv();
  const result = await migrate({ ...options, log: (message) => console.log(message) });
  if (result.unknown.length > 0) {
    console.warn(`warning: the database has migrations this code does not know: ${result.unknown.join(', ')}`);
  }
  console.log(
    `schema ${result.schema}: ${result.applied.length} applied, ${result.skipped.length} already up to date`,
  );
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
