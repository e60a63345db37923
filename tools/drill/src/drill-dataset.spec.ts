import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDataset, parseItemsCsv, parseSessionsJsonl, splitCounts, type CatalogueItem, type SessionLine } from '@alkdrec/recsys';
import { buildDrillDataset, loadMovieLens, writeDrillDataset } from './drill-dataset';

describe('the drill dataset', () => {
  let movieLens: { items: CatalogueItem[]; sessions: SessionLine[] };
  let dir: string;
  before(async () => {
    movieLens = await loadMovieLens();
    dir = await mkdtemp(join(tmpdir(), 'drill-dataset-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('keeps the most frequent MovieLens items with their titles and repeats training sessions exactly', () => {
    const shape = { items: 150, sessions: 200, repeated: 20, seed: 1 };
    const dataset = buildDrillDataset(movieLens, shape);
    assert.equal(dataset.items.length, 150);
    const titleOf = new Map(movieLens.items.map((item) => [item.id, item.title]));
    assert.ok(dataset.items.every((item) => titleOf.get(item.id) === item.title));
    const ids = new Set(dataset.items.map((item) => item.id));
    assert.ok(dataset.sessions.every((s) => s.items.length >= 1 && s.items.length <= 10 && s.items.every((id) => ids.has(id)) && ids.has(s.next)));

    // 200 distinct sessions plus one or two copies of each of 20: all copies inside the training split.
    const copies = dataset.sessions.length - 200;
    assert.ok(copies >= 20 && copies <= 40, `${copies} copies`);
    const train = splitCounts(dataset.sessions.length).train;
    assert.ok(dataset.repeatedGroups.length >= 20);
    for (const rows of dataset.repeatedGroups) {
      assert.ok(rows.every((row) => row < train));
      assert.ok(rows.every((row) => JSON.stringify(dataset.sessions[row]) === JSON.stringify(dataset.sessions[rows[0] as number])));
    }
    assert.deepEqual(buildDrillDataset(movieLens, shape), dataset, 'deterministic in its shape');
  });

  it('writes files the importer reads back unchanged (titles with commas and quotes included)', async () => {
    const dataset = buildDrillDataset(movieLens, { items: 300, sessions: 480, repeated: 40, seed: 1 });
    assert.ok(dataset.items.some((item) => item.title.includes(',')), 'a title with a comma is written');
    const files = await writeDrillDataset(dir, dataset);
    const items = parseItemsCsv(await readFile(files.itemsPath, 'utf8'), files.itemsPath);
    const sessions = parseSessionsJsonl(await readFile(files.sessionsPath, 'utf8'), files.sessionsPath);
    assert.deepEqual(items.map(({ id, title }) => ({ id, title })), dataset.items);
    const built = buildDataset(items, sessions);
    assert.equal(built.droppedRows, 0, 'every row is kept: rows keep their line numbers');
    assert.equal(built.sessions.length, dataset.sessions.length);
  });

  it('says when MovieLens cannot fill the shape', () => {
    assert.throws(() => buildDrillDataset(movieLens, { items: 60, sessions: 20_000, repeated: 0, seed: 1 }), /only \d+ MovieLens sessions keep an item/);
    assert.throws(() => buildDrillDataset(movieLens, { items: 150, sessions: 20, repeated: 30, seed: 1 }), /cannot repeat 30 training sessions: 20 sessions and their copies leave 0 to copy from/);
  });
});
