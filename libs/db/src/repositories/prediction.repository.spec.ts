import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { createEmptyDataset } from '../testing/seed';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { ModelRepository } from './model.repository';
import { PredictionRepository, type PredictionInput } from './prediction.repository';

let db: TestDatabase;

before(async () => {
  db = await createTestDatabase();
  const datasetId = await createEmptyDataset(db.prisma, 'predictions');
  const models = new ModelRepository(db.prisma);
  for (const id of ['teacher', 'other']) {
    await models.startTraining({ id, datasetId, backbone: 'fpmc', role: 'teacher', dim: 100, seed: 1, config: {} });
  }
});
after(() => db.drop());

function predictions(count: number, offset = 0): PredictionInput[] {
  return Array.from({ length: count }, (_, row) => ({
    row,
    top50: Array.from({ length: 50 }, (_, k) => (row * 31 + k * 7 + offset) % 26_138),
    trueRank: (row * 13 + offset) % 26_138,
    difficulty: row % 5 === 0 ? null : -(row % 97) / 97,
  }));
}

describe('PredictionRepository', () => {
  it('replaces, counts and lists predictions in row order', async () => {
    const repository = new PredictionRepository(db.prisma);
    const rows = [
      { row: 9, top50: [5, 4, 3], trueRank: 0, difficulty: -0.25 },
      { row: 2, top50: [1, 2], trueRank: 17, difficulty: null },
    ];
    assert.equal(await repository.replaceForModel('teacher', rows), 2);
    assert.equal(await repository.countForModel('teacher'), 2);
    assert.deepEqual(
      (await repository.listForModel('teacher')).map(({ modelId, row, top50, trueRank, difficulty }) => ({
        modelId,
        row,
        top50,
        trueRank,
        difficulty,
      })),
      [
        { modelId: 'teacher', row: 2, top50: [1, 2], trueRank: 17, difficulty: null },
        { modelId: 'teacher', row: 9, top50: [5, 4, 3], trueRank: 0, difficulty: -0.25 },
      ],
    );
  });

  it("replaces only the given model's predictions", async () => {
    const repository = new PredictionRepository(db.prisma);
    await repository.replaceForModel('other', predictions(3));
    await repository.replaceForModel('teacher', predictions(5, 1));
    await repository.replaceForModel('teacher', predictions(4, 2));
    assert.equal(await repository.countForModel('teacher'), 4);
    assert.equal(await repository.countForModel('other'), 3);
    assert.deepEqual((await repository.listForModel('teacher'))[3]?.top50, predictions(4, 2)[3]?.top50);
  });

  it('refuses values JSON would silently change, keeping the old set', async () => {
    const repository = new PredictionRepository(db.prisma);
    await repository.replaceForModel('teacher', predictions(2));
    await assert.rejects(
      repository.replaceForModel('teacher', [{ row: 1, top50: [1], trueRank: 0, difficulty: Number.NaN }]),
      /row 1: difficulty must be a finite number or null, got NaN/,
    );
    await assert.rejects(
      repository.replaceForModel('teacher', [{ row: 1, top50: [1.5], trueRank: 0, difficulty: null }]),
      /top50 must hold item indices/,
    );
    assert.equal(await repository.countForModel('teacher'), 2);
  });

  it('writes and reads a full training split (12,054 rows of 50 items) quickly', async (t) => {
    const repository = new PredictionRepository(db.prisma);
    const rows = predictions(12_054);
    const writeStart = performance.now();
    assert.equal(await repository.replaceForModel('teacher', rows), 12_054);
    const writeMs = performance.now() - writeStart;
    const readStart = performance.now();
    const listed = await repository.listForModel('teacher');
    const readMs = performance.now() - readStart;
    t.diagnostic(`replaceForModel 12,054 rows: ${Math.round(writeMs)} ms; listForModel: ${Math.round(readMs)} ms`);
    assert.equal(listed.length, 12_054);
    assert.deepEqual(listed[12_053]?.top50, rows[12_053]?.top50);
    assert.equal(listed[12_053]?.difficulty, rows[12_053]?.difficulty);
    // Generous bound: ~1 s here; createMany took several times longer.
    assert.ok(writeMs < 15_000, `replaceForModel took ${Math.round(writeMs)} ms`);
  });
});
