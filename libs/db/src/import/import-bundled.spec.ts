import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bundledDatasetPaths } from '../bundled-datasets';
import { datasetMetadataOf, DatasetRepository } from '../repositories/dataset.repository';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { importDataset } from './import-dataset';

// The real bundled files end to end: the counts are the paper's (datasets/README.md).
let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

describe('importing the bundled datasets', () => {
  it('movielens-hetrec2011: 8,475 items, 12,323 rows, 7,393 / 2,465 / 2,465', async (t) => {
    const summary = await importDataset(db.prisma, bundledDatasetPaths('movielens-hetrec2011'));
    t.diagnostic(`import took ${summary.ms} ms`);
    assert.deepEqual(
      { ...summary, datasetId: 0, ms: 0 },
      {
        datasetId: 0,
        name: 'movielens-hetrec2011',
        itemCount: 8_475,
        rowCount: 12_323,
        droppedRows: 0,
        droppedItems: 0,
        train: 7_393,
        valid: 2_465,
        test: 2_465,
        // From datasets/movielens-hetrec2011/metadata.json, not from the name.
        metadata: {
          domain: { item: 'movie', items: 'movies', verb: 'watched', verbPresent: 'watch' },
          negatives: { attmix: 'uniform-bce' },
        },
        ms: 0,
      },
    );
    const row = await db.prisma.dataset.findUniqueOrThrow({ where: { id: summary.datasetId } });
    assert.deepEqual(datasetMetadataOf(row), summary.metadata);
    const loadStart = performance.now();
    const splits = await new DatasetRepository(db.prisma).loadSplits(summary.datasetId);
    t.diagnostic(`loadSplits took ${Math.round(performance.now() - loadStart)} ms`);
    assert.deepEqual([splits.train.length, splits.valid.length, splits.test.length], [7_393, 2_465, 2_465]);
    // First line of sessions.jsonl: ["316","2571","1704","628","1"] -> "1610"; ids map to row indices.
    const titles = await new DatasetRepository(db.prisma).itemTitles(summary.datasetId);
    const first = splits.train[0];
    assert.equal(first?.row, 0);
    assert.equal(titles[first?.items[4] ?? -1], 'Toy story');
  });

  it('amazon-games: 26,138 items, 20,091 of 20,122 rows kept, 12,054 / 4,018 / 4,019', async (t) => {
    const summary = await importDataset(db.prisma, bundledDatasetPaths('amazon-games'));
    t.diagnostic(`import took ${summary.ms} ms`);
    assert.deepEqual(
      [summary.itemCount, summary.rowCount, summary.droppedRows, summary.train, summary.valid, summary.test],
      [26_138, 20_091, 31, 12_054, 4_018, 4_019],
    );
    assert.equal(summary.droppedItems, 155);
    assert.deepEqual(summary.metadata, { domain: { item: 'game', items: 'games', verb: 'bought', verbPresent: 'buy' }, negatives: {} });
    const splits = await new DatasetRepository(db.prisma).loadSplits(summary.datasetId);
    assert.equal(splits.itemCount, 26_138);
    assert.deepEqual([splits.train.length, splits.valid.length, splits.test.length], [12_054, 4_018, 4_019]);
    // Row 8094 (line 8095) has an empty items list in the file and is dropped, so ordinals skip it.
    const all = [...splits.train, ...splits.valid, ...splits.test];
    assert.ok(!all.some((s) => s.row === 8094));
    assert.ok(all.every((s, ordinal) => s.ordinal === ordinal && s.items.length > 0));
  });
});
