/** Where to connect: a Postgres URL and the schema our tables live in (one schema per test run). */
export interface DatabaseOptions {
  databaseUrl: string;
  /** Defaults to `public`. */
  schema?: string;
}

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';
export const DEFAULT_SCHEMA = 'public';

/** Reads DATABASE_URL and DATABASE_SCHEMA, with the local development defaults. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Required<DatabaseOptions> {
  return {
    databaseUrl: env['DATABASE_URL'] || DEFAULT_DATABASE_URL,
    schema: env['DATABASE_SCHEMA'] || DEFAULT_SCHEMA,
  };
}

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Schema names end up in `SET search_path`, in a libpq `-c` startup option and in DDL, so only
 * plain identifiers are accepted: nothing to quote, nothing to inject.
 */
export function assertSchemaName(schema: string): void {
  if (!PLAIN_IDENTIFIER.test(schema)) {
    throw new Error(
      `invalid database schema name ${JSON.stringify(schema)}: use letters, digits and "_" (at most 63, not starting with a digit)`,
    );
  }
}

/** Double-quotes an identifier for SQL (only ever called on names that passed assertSchemaName). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
