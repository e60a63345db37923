import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmptyDataset } from '../testing/seed';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { EvaluationRepository, type EvaluationInput } from './evaluation.repository';
import { ModelRepository } from './model.repository';

let db: TestDatabase;

before(async () => {
  db = await createTestDatabase();
  const datasetId = await createEmptyDataset(db.prisma, 'evaluations');
  await new ModelRepository(db.prisma).startTraining({
    id: 'student',
    datasetId,
    backbone: 'stamp',
    role: 'student',
    dim: 10,
    seed: 1,
    config: {},
  });
});
after(() => db.drop());

const evaluation: EvaluationInput = {
  modelId: 'student',
  split: 'test',
  exclusion: 'session',
  sessionCount: 4,
  recall5: 0.25,
  ndcg5: 0.125,
  recall10: 0.5,
  ndcg10: 0.2,
  ranks: [0, 7, 120, 3],
  wallMs: 40.4,
};

describe('EvaluationRepository', () => {
  it('saves and finds an evaluation per split', async () => {
    const repository = new EvaluationRepository(db.prisma);
    await repository.save(evaluation);
    const found = await repository.find('student', 'test', 'session');
    assert.ok(found);
    assert.equal(found.split, 'TEST');
    assert.equal(found.exclusion, 'session');
    assert.deepEqual(
      [found.sessionCount, found.recall5, found.ndcg5, found.recall10, found.ndcg10, found.ranks, found.wallMs],
      [4, 0.25, 0.125, 0.5, 0.2, [0, 7, 120, 3], 40],
    );
    assert.equal(await repository.find('student', 'valid', 'session'), null);
    assert.equal(await repository.find('student', 'test', 'window'), null);
  });

  it('keeps one evaluation per exclusion rule of the same model and split', async () => {
    const repository = new EvaluationRepository(db.prisma);
    await repository.save({ ...evaluation, split: 'test', exclusion: 'session' });
    await repository.save({ ...evaluation, split: 'test', exclusion: 'window', recall10: 0.75, ranks: [0, 7, 5, 3] });
    const rows = await db.prisma.evaluation.findMany({ where: { modelId: 'student', split: 'TEST' }, orderBy: { exclusion: 'asc' } });
    assert.deepEqual(rows.map((row) => [row.exclusion, row.recall10, row.ranks]), [
      ['session', 0.5, [0, 7, 120, 3]],
      ['window', 0.75, [0, 7, 5, 3]],
    ]);
    assert.equal((await repository.find('student', 'test', 'window'))?.recall10, 0.75);
    assert.equal((await repository.find('student', 'test', 'session'))?.recall10, 0.5);
  });

  it('replaces an earlier evaluation of the same model and split', async () => {
    const repository = new EvaluationRepository(db.prisma);
    await repository.save({ ...evaluation, split: 'valid' });
    await repository.save({ ...evaluation, split: 'valid', recall10: 0.75, ranks: [1, 1, 1, 1] });
    const found = await repository.find('student', 'valid', 'session');
    assert.equal(found?.recall10, 0.75);
    assert.deepEqual(found?.ranks, [1, 1, 1, 1]);
    assert.equal(await db.prisma.evaluation.count({ where: { modelId: 'student', split: 'VALID' } }), 1);
  });

  it('refuses ranks that do not match the session count', async () => {
    await assert.rejects(new EvaluationRepository(db.prisma).save({ ...evaluation, ranks: [1, 2] }), /2 ranks for 4 sessions/);
  });
});
