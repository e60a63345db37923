import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma';
import { assertSchemaName, DEFAULT_SCHEMA, type DatabaseOptions } from './database-options';

export { Prisma, PrismaClient, ModelStatus, RunStageStatus, RunStatus, Split } from '../generated/prisma';
export type { Dataset, Evaluation, Item, Model, ModelArtifact, Prediction, Run, RunSelection, RunStage, ServingPromotion, Session } from '../generated/prisma';

/**
 * A Prisma client over the `pg` driver adapter (no Rust query engine to download), bound to one
 * schema. The adapter's `schema` makes Prisma qualify its own queries; the `search_path` startup
 * option makes raw SQL and Postgres' own lookups (enum casts) resolve in the same schema.
 */
export function createPrismaClient({ databaseUrl, schema = DEFAULT_SCHEMA }: DatabaseOptions): PrismaClient {
  assertSchemaName(schema);
  const adapter = new PrismaPg({ connectionString: databaseUrl, options: `-c search_path=${schema}` }, { schema });
  return new PrismaClient({ adapter });
}
