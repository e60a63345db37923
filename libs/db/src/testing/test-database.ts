import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { PrismaClient } from '../prisma-client';
import { DEFAULT_DATABASE_URL, quoteIdentifier } from '../database-options';
import { migrate } from '../migrations/migrate';
import { createPrismaClient } from '../prisma-client';

export interface TestDatabase {
  databaseUrl: string;
  schema: string;
  prisma: PrismaClient;
  /** Disconnects and drops the schema with everything in it. */
  drop(): Promise<void>;
}

/**
 * A fresh, fully migrated schema of its own for one test file, so spec files can run in parallel
 * (node --test runs them in separate processes) without seeing each other's rows. Connects to
 * TEST_DATABASE_URL, defaulting to the local `test` database; never to DATABASE_URL, so a test
 * run cannot touch a real database by accident. Call `drop()` in an `after` hook.
 */
export async function createTestDatabase(
  databaseUrl: string = process.env['TEST_DATABASE_URL'] || DEFAULT_DATABASE_URL,
): Promise<TestDatabase> {
  const schema = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await migrate({ databaseUrl, schema });
  const prisma = createPrismaClient({ databaseUrl, schema });
  return {
    databaseUrl,
    schema,
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      await dropSchema(databaseUrl, schema);
    },
  };
}

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
