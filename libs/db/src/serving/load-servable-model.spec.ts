import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactNotFoundError } from '../artifacts/artifact-store';
import { DirectoryArtifactStore } from '../artifacts/directory-artifact-store';
import { ModelNotFoundError } from '../repositories/model.repository';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { loadServableModel, ModelNotReadyError } from './load-servable-model';

let db: TestDatabase;
let dir: string;
let store: DirectoryArtifactStore;
let datasetId: number;
const ITEMS = [
  { externalId: 'm-10', title: 'Heat (1995)' },
  { externalId: 'm-2', title: 'Toy Story, "the first"' },
  { externalId: 'm-33', title: 'Ünïcode' },
];

async function model(id: string, role: string, extra: { status?: 'READY' | 'TRAINING' | 'FAILED'; checkpoint?: Uint8Array | null; config?: object } = {}) {
  const artifactUri = extra.checkpoint === null ? null : await store.put(`models/${id}.ckpt`, extra.checkpoint ?? Uint8Array.from([1, 2, 3]));
  await db.prisma.model.create({
    data: { id, datasetId, backbone: 'stamp', role, dim: 10, seed: 4, config: extra.config ?? {}, status: extra.status ?? 'READY', artifactUri },
  });
}

async function run(id: string, strategy: string, createdAt: Date, distilledModelId: string | null) {
  await db.prisma.run.create({
    data: {
      id, datasetId, backbone: 'stamp', strategy, provider: 'replay', budget: 300, seed: 4, spec: {}, createdAt,
      teacherModelId: 'teacher', studentModelId: 'student', distilledModelId,
    },
  });
}

before(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'alkdrec-servable-'));
  store = new DirectoryArtifactStore(dir);
  const dataset = await db.prisma.dataset.create({
    data: {
      name: 'tiny', itemCount: 3, rowCount: 0, droppedRows: 0, droppedItems: 0, trainCount: 0, validCount: 0, testCount: 0,
      source: { items: { path: '/x/items.csv', sha256: 'f'.repeat(64), contentSha256: 'a'.repeat(64) }, sessions: { path: '/x/s.jsonl', sha256: 'e'.repeat(64) } },
    },
  });
  datasetId = dataset.id;
  // Inserted out of index order: the loader must order them.
  for (const index of [2, 0, 1]) await db.prisma.item.create({ data: { datasetId, index, ...(ITEMS[index] as (typeof ITEMS)[number]) } });
  await model('teacher', 'teacher');
  await model('student', 'student');
  await model('distilled', 'distilled', { checkpoint: Uint8Array.from([9, 8, 7]), config: { studentModelId: 'student' } });
  await model('lone', 'student');
  await model('training', 'student', { status: 'TRAINING', checkpoint: null });
  await model('no-checkpoint', 'student', { checkpoint: null });
  await db.prisma.evaluation.create({
    data: { modelId: 'distilled', split: 'TEST', sessionCount: 2, recall5: 0.5, ndcg5: 0.25, recall10: 1, ndcg10: 0.4, ranks: [0, 7], wallMs: 3 },
  });
  await run('run-b', 'random', new Date('2025-02-01T00:00:00Z'), null);
  await run('run-a', 'alkdrec', new Date('2025-01-01T00:00:00Z'), 'distilled');
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db.drop();
});

describe('loadServableModel', () => {
  it('loads a distilled model with its run, teacher, student, strategy, budget, metrics, items and checkpoint', async () => {
    const servable = await loadServableModel(db.prisma, store, 'distilled');
    assert.equal(servable.model.id, 'distilled');
    assert.deepEqual(servable.checkpoint, Uint8Array.from([9, 8, 7]));
    assert.deepEqual(servable.dataset, { id: datasetId, name: 'tiny', itemCount: 3, contentSha256: { items: 'a'.repeat(64), sessions: null } });
    assert.deepEqual(servable.items, ITEMS);
    assert.deepEqual(servable.metrics, { split: 'test', exclusion: 'session', sessions: 2, recall5: 0.5, ndcg5: 0.25, recall10: 1, ndcg10: 0.4 });
    assert.deepEqual(servable.lineage, {
      dataset: 'tiny', backbone: 'stamp', role: 'distilled', run: 'run-a', teacher: 'teacher', student: 'student', strategy: 'alkdrec', budget: 300, seed: 4,
    });
  });

  it("gives a shared student the first run that used it, and no strategy: the selection did not shape it", async () => {
    const servable = await loadServableModel(db.prisma, store, 'student');
    assert.deepEqual(servable.lineage, {
      dataset: 'tiny', backbone: 'stamp', role: 'student', run: 'run-a', teacher: null, student: null, strategy: null, budget: null, seed: 4,
    });
    assert.equal(servable.metrics, null);
  });

  it('gives a model trained outside any run no run', async () => {
    assert.equal((await loadServableModel(db.prisma, store, 'lone')).lineage.run, null);
  });

  it('refuses an unknown model, one not READY, and one whose checkpoint is gone', async () => {
    await assert.rejects(loadServableModel(db.prisma, store, 'nope'), ModelNotFoundError);
    await assert.rejects(loadServableModel(db.prisma, store, 'training'), (e: unknown) => e instanceof ModelNotReadyError && /"training" is TRAINING, not READY/.test(e.message));
    await assert.rejects(loadServableModel(db.prisma, store, 'no-checkpoint'), /READY without a stored checkpoint/);
    rmSync(join(dir, 'models', 'lone.ckpt'));
    await assert.rejects(loadServableModel(db.prisma, store, 'lone'), ArtifactNotFoundError);
  });
});
