import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { findDatasetsDir } from '../bundled-datasets';
import { DEFAULT_DATABASE_URL } from '../database-options';
import { dropSchema } from '../testing/test-database';
import { DEFAULT_MIGRATIONS_DIR } from './migration-files';
import { migrate } from './migrate';

const databaseUrl = process.env['TEST_DATABASE_URL'] || DEFAULT_DATABASE_URL;
const schema = `test_bundled_metadata_${randomBytes(5).toString('hex')}`;
const BEFORE = '20261129010000_eval_exclusion_dataset_metadata';
const NEUTRAL = { domain: { item: 'item', items: 'items', verb: 'interacted with', verbPresent: 'interact with' }, negatives: {} };
let tempDir: string | undefined;

after(async () => {
  await dropSchema(databaseUrl, schema);
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

async function bundled(name: string): Promise<{ metadata: unknown; items: string; sessions: string }> {
  const dir = path.join(findDatasetsDir(), name);
  const recordings = JSON.parse(await readFile(path.join(dir, 'recordings.json'), 'utf8')) as { itemsContentSha256: string; sessionsContentSha256: string };
  return { metadata: JSON.parse(await readFile(path.join(dir, 'metadata.json'), 'utf8')), items: recordings.itemsContentSha256, sessions: recordings.sessionsContentSha256 };
}

describe('migration 20261129020000_bundled_dataset_metadata', () => {
  it("gives rows holding a bundled dataset's content its metadata.json, and leaves every other row alone", async () => {
    // The migrations up to the one that added the column, as a database imported before it had them.
    tempDir = await mkdtemp(path.join(tmpdir(), 'alkdrec-migrations-'));
    for (const name of (await readdir(DEFAULT_MIGRATIONS_DIR)).filter((n) => n <= BEFORE)) {
      await cp(path.join(DEFAULT_MIGRATIONS_DIR, name), path.join(tempDir, name), { recursive: true });
    }
    await migrate({ databaseUrl, schema, migrationsDir: tempDir });
    const ml = await bundled('movielens-hetrec2011');
    const games = await bundled('amazon-games');
    const custom = { ...NEUTRAL, negatives: { stamp: 'uniform-bce' } };
    const rows: [string, string, string, unknown][] = [
      ['ml-content', ml.items, ml.sessions, NEUTRAL],
      ['ml-content-own-metadata', ml.items, ml.sessions, custom],
      ['games-content', games.items, games.sessions, NEUTRAL],
      ['other-content', ml.items, 'f'.repeat(64), NEUTRAL],
    ];
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      for (const [name, items, sessions, metadata] of rows) {
        await client.query(
          `INSERT INTO "${schema}"."Dataset" (name, "itemCount", "rowCount", "droppedRows", "droppedItems", "trainCount", "validCount", "testCount", source, metadata)
           VALUES ($1, 1, 1, 0, 0, 1, 0, 0, $2, $3)`,
          [name, JSON.stringify({ items: { contentSha256: items }, sessions: { contentSha256: sessions } }), JSON.stringify(metadata)],
        );
      }
      const { applied } = await migrate({ databaseUrl, schema });
      assert.ok(applied.includes('20261129020000_bundled_dataset_metadata'), applied.join(', '));
      const after = await client.query<{ name: string; metadata: unknown }>(`SELECT name, metadata FROM "${schema}"."Dataset"`);
      const metadataOf = Object.fromEntries(after.rows.map((r) => [r.name, r.metadata]));
      assert.deepEqual(metadataOf['ml-content'], ml.metadata);
      assert.deepEqual(metadataOf['games-content'], games.metadata);
      assert.deepEqual(metadataOf['ml-content-own-metadata'], custom, 'metadata someone set is kept');
      assert.deepEqual(metadataOf['other-content'], NEUTRAL, 'other content keeps the neutral metadata');
    } finally {
      await client.end();
    }
  });
});
