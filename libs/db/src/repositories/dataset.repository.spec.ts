import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importDataset } from '../import/import-dataset';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { DatasetNotFoundError, DatasetRepository } from './dataset.repository';

/** Far below what training needs; the repository's reads are what is tested here. */
const READABLE_FIXTURE = { items: 1, train: 1, valid: 1, test: 1 };

let db: TestDatabase;
let dir: string;
let datasetId: number;

before(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'alkdrec-dataset-repo-'));
  await writeFile(path.join(dir, 'items.csv'), 'itemID,title\na,Alpha\nb,"Beta, B"\nc,Gamma\n');
  // 7 rows, row 3 dropped (unknown next): 6 kept -> 3 train, 1 valid, 2 test.
  const sessions = [
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'a'],
    ['a', 'zz'],
    ['b', 'a'],
    ['c', 'b'],
    ['a', 'c'],
  ].map(([item, next], i) => JSON.stringify({ items: i === 0 ? ['c', item] : [item], next }));
  await writeFile(path.join(dir, 'sessions.jsonl'), sessions.join('\n'));
  // A second dataset in the same schema must not leak into the first one's splits.
  await importDataset(db.prisma, {
    name: 'other',
    itemsPath: path.join(dir, 'items.csv'),
    sessionsPath: path.join(dir, 'sessions.jsonl'),
    minimumSize: READABLE_FIXTURE,
  });
  ({ datasetId } = await importDataset(db.prisma, {
    name: 'tiny',
    itemsPath: path.join(dir, 'items.csv'),
    sessionsPath: path.join(dir, 'sessions.jsonl'),
    minimumSize: READABLE_FIXTURE,
  }));
});
after(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('DatasetRepository', () => {
  it('finds a dataset by name', async () => {
    const repository = new DatasetRepository(db.prisma);
    const dataset = await repository.findByName('tiny');
    assert.equal(dataset?.id, datasetId);
    assert.equal(dataset?.rowCount, 6);
    assert.equal(await repository.findByName('nope'), null);
  });

  it('loads the splits in ordinal order with rows, items and next', async () => {
    const splits = await new DatasetRepository(db.prisma).loadSplits(datasetId);
    assert.deepEqual(splits, {
      itemCount: 3,
      train: [
        { row: 0, ordinal: 0, items: [2, 0], next: 1 },
        { row: 1, ordinal: 1, items: [1], next: 2 },
        { row: 2, ordinal: 2, items: [2], next: 0 },
      ],
      valid: [{ row: 4, ordinal: 3, items: [1], next: 0 }],
      test: [
        { row: 5, ordinal: 4, items: [2], next: 1 },
        { row: 6, ordinal: 5, items: [0], next: 2 },
      ],
    });
  });

  it('refuses an unknown dataset id', async () => {
    await assert.rejects(new DatasetRepository(db.prisma).loadSplits(999_999), DatasetNotFoundError);
  });

  it('returns item titles by index', async () => {
    assert.deepEqual(await new DatasetRepository(db.prisma).itemTitles(datasetId), ['Alpha', 'Beta, B', 'Gamma']);
  });
});
