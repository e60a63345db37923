import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DEFAULT_DATABASE_URL } from '../database-options';
import { dropSchema } from '../testing/test-database';
import { DEFAULT_MIGRATIONS_DIR, readMigrationFiles } from './migration-files';
import { migrate, MigrationChecksumError, MigrationFailedError } from './migrate';

const databaseUrl = process.env['TEST_DATABASE_URL'] || DEFAULT_DATABASE_URL;
const schemas: string[] = [];
const tempDirs: string[] = [];

function freshSchema(): string {
  const schema = `test_migrate_${randomBytes(5).toString('hex')}`;
  schemas.push(schema);
  return schema;
}

async function tempMigrations(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'alkdrec-migrations-'));
  tempDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function tablesIn(schema: string): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [schema],
  );
  return rows.map((row) => row.table_name);
}

after(async () => {
  for (const schema of schemas) await dropSchema(databaseUrl, schema);
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

describe('readMigrationFiles', () => {
  it('finds the repository migrations from the compiled code', async () => {
    const files = await readMigrationFiles(DEFAULT_MIGRATIONS_DIR);
    assert.ok(files.length >= 1);
    assert.equal(files[0]?.name, '20261127000000_init');
    assert.match(files[0]?.checksum ?? '', /^[0-9a-f]{64}$/);
  });

  it('orders migrations by folder name', async () => {
    const dir = await tempMigrations({ '2_b': 'SELECT 2;', '10_c': 'SELECT 3;', '1_a': 'SELECT 1;' });
    assert.deepEqual((await readMigrationFiles(dir)).map((f) => f.name), ['10_c', '1_a', '2_b']);
  });

  it('names a missing folder', async () => {
    await assert.rejects(readMigrationFiles('/nonexistent/migrations'), /cannot read the migrations folder \/nonexistent\/migrations/);
  });
});

/** The repository's migrations, in order: a new migration folder must be added here too. */
const REAL_MIGRATIONS = ['20261127000000_init', '20261127010000_llm_calls', '20261127030000_runs', '20261127040000_llm_requests', '20261127050000_llm_request_state_index', '20261128010000_model_storage', '20261128020000_run_cancel_progress', '20261129010000_eval_exclusion_dataset_metadata', '20261129020000_bundled_dataset_metadata'];

describe('migrate', () => {
  it('creates the schema, applies the real migrations there, and is idempotent', async () => {
    const schema = freshSchema();
    const first = await migrate({ databaseUrl, schema });
    assert.deepEqual(first.applied, REAL_MIGRATIONS);
    assert.deepEqual(first.skipped, []);
    assert.deepEqual(await tablesIn(schema), [
      'Dataset',
      'Evaluation',
      'Item',
      'LlmBatch',
      'LlmBatchItem',
      'LlmCall',
      'LlmRequest',
      'LlmRun',
      'LlmRunCall',
      'LlmWorker',
      'Model',
      'ModelArtifact',
      'Prediction',
      'Run',
      'RunSelection',
      'RunStage',
      'ServingPromotion',
      'Session',
      '_alkdrec_migrations',
    ]);

    const second = await migrate({ databaseUrl, schema });
    assert.deepEqual(second.applied, []);
    assert.deepEqual(second.skipped, REAL_MIGRATIONS);
    const recorded = await query<{ name: string }>(`SELECT name FROM "${schema}"._alkdrec_migrations`);
    assert.deepEqual(recorded.map((r) => r.name), REAL_MIGRATIONS);
  });

  it('applies only new migrations, in order', async () => {
    const schema = freshSchema();
    const dir = await tempMigrations({ '001_a': 'CREATE TABLE a (id int);' });
    assert.deepEqual((await migrate({ databaseUrl, schema, migrationsDir: dir })).applied, ['001_a']);
    await mkdir(path.join(dir, '002_b'));
    await writeFile(path.join(dir, '002_b', 'migration.sql'), 'CREATE TABLE b (a_id int); INSERT INTO a VALUES (1);');
    const result = await migrate({ databaseUrl, schema, migrationsDir: dir });
    assert.deepEqual(result.applied, ['002_b']);
    assert.deepEqual(result.skipped, ['001_a']);
    assert.deepEqual(await tablesIn(schema), ['_alkdrec_migrations', 'a', 'b']);
  });

  it('refuses to run when an applied migration was edited, and applies nothing', async () => {
    const schema = freshSchema();
    const dir = await tempMigrations({ '001_a': 'CREATE TABLE a (id int);' });
    await migrate({ databaseUrl, schema, migrationsDir: dir });
    await appendFile(path.join(dir, '001_a', 'migration.sql'), '\nALTER TABLE a ADD COLUMN x int;');
    await mkdir(path.join(dir, '002_b'));
    await writeFile(path.join(dir, '002_b', 'migration.sql'), 'CREATE TABLE b (id int);');

    await assert.rejects(migrate({ databaseUrl, schema, migrationsDir: dir }), (error: unknown) => {
      assert.ok(error instanceof MigrationChecksumError);
      assert.equal(error.migration, '001_a');
      assert.match(error.message, /migration 001_a was edited after it was applied/);
      return true;
    });
    assert.deepEqual(await tablesIn(schema), ['_alkdrec_migrations', 'a']);
  });

  it('rolls back a failing migration entirely and does not record it', async () => {
    const schema = freshSchema();
    const dir = await tempMigrations({
      '001_ok': 'CREATE TABLE a (id int);',
      '002_bad': 'CREATE TABLE b (id int); INSERT INTO a VALUES (1); SELECT 1 / 0;',
      '003_never': 'CREATE TABLE c (id int);',
    });
    await assert.rejects(migrate({ databaseUrl, schema, migrationsDir: dir }), (error: unknown) => {
      assert.ok(error instanceof MigrationFailedError);
      assert.equal(error.migration, '002_bad');
      assert.match(error.message, /migration 002_bad failed and was rolled back: division by zero/);
      return true;
    });
    assert.deepEqual(await tablesIn(schema), ['_alkdrec_migrations', 'a']);
    assert.deepEqual(await query(`SELECT * FROM "${schema}".a`), []);
    const recorded = await query<{ name: string }>(`SELECT name FROM "${schema}"._alkdrec_migrations`);
    assert.deepEqual(recorded.map((r) => r.name), ['001_ok']);
  });

  it('lets concurrent runs on one schema apply each migration exactly once', async () => {
    const schema = freshSchema();
    const results = await Promise.all([1, 2, 3, 4].map(() => migrate({ databaseUrl, schema })));
    assert.deepEqual(
      results.map((r) => r.applied.length).sort(),
      [0, 0, 0, REAL_MIGRATIONS.length],
    );
    const recorded = await query<{ count: string }>(`SELECT count(*) FROM "${schema}"._alkdrec_migrations`);
    assert.equal(recorded[0]?.count, String(REAL_MIGRATIONS.length));
  });

  it('reports recorded migrations that the folder no longer has', async () => {
    const schema = freshSchema();
    const dir = await tempMigrations({ '001_a': 'SELECT 1;', '002_b': 'SELECT 2;' });
    await migrate({ databaseUrl, schema, migrationsDir: dir });
    await rm(path.join(dir, '002_b'), { recursive: true });
    assert.deepEqual((await migrate({ databaseUrl, schema, migrationsDir: dir })).unknown, ['002_b']);
  });

  it('refuses schema names that would need quoting', async () => {
    await assert.rejects(migrate({ databaseUrl, schema: 'x"; DROP SCHEMA public; --' }), /invalid database schema name/);
  });
});

describe('migrate.cli', () => {
  it('migrates DATABASE_URL / DATABASE_SCHEMA and exits 0, then reports nothing to do', () => {
    const schema = freshSchema();
    const cli = path.join(__dirname, '..', 'migrate.cli.js');
    const env = { ...process.env, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema };
    const first = spawnSync(process.execPath, [cli], { env, encoding: 'utf8' });
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /applied migration 20261127000000_init to schema test_migrate_/);
    const second = spawnSync(process.execPath, [cli], { env, encoding: 'utf8' });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`0 applied, ${REAL_MIGRATIONS.length} already up to date`));
  });

  it('exits non-zero with the reason when it cannot connect', () => {
    const cli = path.join(__dirname, '..', 'migrate.cli.js');
    const env = { ...process.env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none', DATABASE_SCHEMA: 'public' };
    const run = spawnSync(process.execPath, [cli], { env, encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /db:migrate failed: .*ECONNREFUSED/);
  });
});

