import { createPrismaClient, migrate, MigrationChecksumError, type PrismaClient } from '@alkdrec/db';
import { CliError, ExitCode } from '../cli-error';
import { redactUrl } from '../config/cli-env.schema';
import type { CliContext } from '../commands/cli-context';

/**
 * Applies pending migrations (a no-op when up to date; concurrent runs serialise on an advisory
 * lock) and returns a client for the configured schema. The caller disconnects it.
 */
export async function prepareDatabase(ctx: CliContext, note: (text: string) => void): Promise<PrismaClient> {
  const database = { databaseUrl: ctx.config.DATABASE_URL, schema: ctx.config.DATABASE_SCHEMA };
  try {
    const { applied } = await migrate(database);
    if (applied.length > 0) note(`migrated schema ${database.schema}: ${applied.join(', ')}`);
  } catch (error) {
    if (error instanceof MigrationChecksumError) throw new CliError(error.message);
    throw new CliError(
      `cannot migrate PostgreSQL at ${redactUrl(database.databaseUrl)}: ${(error as Error).message}; is it running? Set DATABASE_URL otherwise`,
      ExitCode.Unavailable,
    );
  }
  return createPrismaClient(database);
}
