import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PrismaClient } from '../prisma-client';
import { PostgresArtifactStore } from '../artifacts/postgres-artifact-store';
import { createEmptyDataset } from '../testing/seed';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { loadServableModel } from './load-servable-model';
import { findModelSummary, listModels, type ModelSummary } from './model-catalog';
import { ServingRepository } from './serving.repository';

let db: TestDatabase;
const datasetIds: Record<string, number> = {};
const T0 = Date.parse('2025-03-01T00:00:00Z');

async function model(id: string, dataset: string, backbone: string, role: string, minute: number, status: 'READY' | 'TRAINING' = 'READY') {
  const artifactUri = status === 'READY' ? await new PostgresArtifactStore(db.prisma).put(`models/${id}.ckpt`, Uint8Array.from([1])) : null;
  await db.prisma.model.create({
    data: {
      id, datasetId: datasetIds[dataset] as number, backbone, role, dim: role === 'teacher' ? 100 : 10, seed: 3, status, artifactUri,
      config: role === 'distilled' ? { studentModelId: `${id.split('-')[0]}-student` } : {},
      createdAt: new Date(T0 + minute * 60_000),
    },
  });
}

before(async () => {
  db = await createTestDatabase();
  for (const name of ['ml', 'games']) datasetIds[name] = await createEmptyDataset(db.prisma, name);
  // Two with the same createdAt: the id breaks the tie, so paging neither repeats nor skips one.
  await model('ml-teacher', 'ml', 'stamp', 'teacher', 1);
  await model('ml-student', 'ml', 'stamp', 'student', 2);
  await model('ml-distilled', 'ml', 'stamp', 'distilled', 3);
  await model('ml-distilled2', 'ml', 'stamp', 'distilled', 3);
  await model('ml-training', 'ml', 'fpmc', 'student', 4, 'TRAINING');
  await model('games-student', 'games', 'attmix', 'student', 5);
  for (const [id, distilled, minute] of [['run-1', 'ml-distilled', 10], ['run-2', 'ml-distilled2', 11], ['run-3', null, 12]] as const) {
    await db.prisma.run.create({
      data: {
        id, datasetId: datasetIds['ml'] as number, backbone: 'stamp', strategy: id === 'run-1' ? 'alkdrec' : 'random', provider: 'replay', budget: 100 + minute, seed: 3, spec: {},
        teacherModelId: 'ml-teacher', studentModelId: 'ml-student', distilledModelId: distilled, createdAt: new Date(T0 + minute * 60_000),
      },
    });
  }
  await db.prisma.evaluation.create({ data: { modelId: 'ml-distilled', split: 'TEST', sessionCount: 9, recall5: 0.1, ndcg5: 0.05, recall10: 0.2, ndcg10: 0.08, ranks: [], wallMs: 1 } });
  await db.prisma.evaluation.create({ data: { modelId: 'ml-distilled', split: 'VALID', sessionCount: 9, recall5: 0.9, ndcg5: 0.9, recall10: 0.9, ndcg10: 0.9, ranks: [], wallMs: 1 } });
  const serving = new ServingRepository(db.prisma);
  await serving.promote('ml', 'ml-student');
  await serving.promote('ml', 'ml-distilled');
});
after(() => db.drop());

const ids = (models: readonly ModelSummary[]) => models.map((m) => m.model.id);

/** A client that counts the queries it sends. */
function counting(prisma: PrismaClient): { client: PrismaClient; count: () => number } {
  let queries = 0;
  const client = prisma.$extends({ query: { $allModels: { $allOperations: ({ args, query }) => (queries++, query(args)) } } });
  return { client: client as unknown as PrismaClient, count: () => queries };
}

describe('listModels', () => {
  it('lists newest first (createdAt, then id, descending) with the filter total', async () => {
    const page = await listModels(db.prisma, {}, { limit: 100 });
    assert.deepEqual(ids(page.models), ['games-student', 'ml-training', 'ml-distilled2', 'ml-distilled', 'ml-student', 'ml-teacher']);
    assert.equal(page.total, 6);
    assert.equal(page.more, false);
  });

  it('filters by dataset, backbone, role and status, together', async () => {
    assert.deepEqual(ids((await listModels(db.prisma, { dataset: 'games' }, { limit: 10 })).models), ['games-student']);
    assert.deepEqual(ids((await listModels(db.prisma, { backbone: 'fpmc' }, { limit: 10 })).models), ['ml-training']);
    assert.deepEqual(ids((await listModels(db.prisma, { role: 'distilled' }, { limit: 10 })).models), ['ml-distilled2', 'ml-distilled']);
    const page = await listModels(db.prisma, { dataset: 'ml', role: 'student', status: 'READY' }, { limit: 10 });
    assert.deepEqual([ids(page.models), page.total], [['ml-student'], 1]);
    assert.deepEqual(await listModels(db.prisma, { dataset: 'nope' }, { limit: 10 }), { models: [], total: 0, more: false });
  });

  it('pages after a key and from an offset without repeating or skipping a model', async () => {
    const seen: string[] = [];
    let after;
    for (;;) {
      const page: Awaited<ReturnType<typeof listModels>> = await listModels(db.prisma, {}, { limit: 2, after });
      seen.push(...ids(page.models));
      if (!page.more) break;
      const last = page.models.at(-1) as ModelSummary;
      after = { createdAt: last.model.createdAt, id: last.model.id };
    }
    assert.deepEqual(seen, ids((await listModels(db.prisma, {}, { limit: 100 })).models));
    assert.deepEqual(ids((await listModels(db.prisma, {}, { limit: 2, offset: 2 })).models), ['ml-distilled2', 'ml-distilled']);
  });

  it("gives each model loadServableModel's lineage and test metrics, and marks the serving one", async () => {
    const store = new PostgresArtifactStore(db.prisma);
    const page = await listModels(db.prisma, { status: 'READY' }, { limit: 100 });
    for (const summary of page.models) {
      const servable = await loadServableModel(db.prisma, store, summary.model.id);
      assert.deepEqual(summary.lineage, servable.lineage, summary.model.id);
      assert.deepEqual(summary.metrics, servable.metrics, summary.model.id);
    }
    const distilled = page.models.find((m) => m.model.id === 'ml-distilled') as ModelSummary;
    assert.deepEqual(distilled.lineage, {
      dataset: 'ml', backbone: 'stamp', role: 'distilled', run: 'run-1', teacher: 'ml-teacher', student: 'ml-student', strategy: 'alkdrec', budget: 110, seed: 3,
    });
    assert.equal(distilled.metrics?.recall10, 0.2, 'the TEST evaluation, not VALID');
    assert.deepEqual(page.models.filter((m) => m.serving).map((m) => m.model.id), ['ml-distilled']);
  });

  it('costs the same number of queries for a page of 1 as for a page of 6 (no query per model)', async () => {
    const one = counting(db.prisma);
    assert.equal((await listModels(one.client, {}, { limit: 1 })).models.length, 1);
    const six = counting(db.prisma);
    assert.equal((await listModels(six.client, {}, { limit: 6 })).models.length, 6);
    assert.ok(one.count() >= 5, `counted ${one.count()} queries`);
    assert.equal(six.count(), one.count());
  });
});

describe('findModelSummary', () => {
  it('finds one model, or null', async () => {
    const summary = await findModelSummary(db.prisma, 'ml-student');
    assert.deepEqual([summary?.model.id, summary?.dataset, summary?.serving, summary?.lineage.run], ['ml-student', 'ml', false, 'run-1']);
    assert.equal(await findModelSummary(db.prisma, 'nope'), null);
  });
});
