import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bundledDatasetPaths, DatasetNotFoundError, importDataset } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { ReplayDatasetMismatchError } from './check-replay-dataset';
import { recordedAnswers } from './recorded-answers';
import { loadDatasetRecordings } from './replay-recordings';
import { selectionPool, TeacherWithoutDifficultiesError } from './selection-pool';

const DATASET = 'movielens-hetrec2011';

/** The shared reader of the recordings and the selection pool, against an imported bundled dataset. */
describe('the recorded answers and the selection pool', () => {
  let db: TestDatabase;
  let datasetId: number;

  before(async () => {
    db = await createTestDatabase();
    const paths = bundledDatasetPaths(DATASET);
    ({ id: datasetId } = await importDataset(db.prisma, { name: DATASET, itemsPath: paths.itemsPath, sessionsPath: paths.sessionsPath }).then(() =>
      db.prisma.dataset.findUniqueOrThrow({ where: { name: DATASET } }),
    ));
  });
  after(() => db?.drop());

  it('gives every recorded ranking as item indices: each recorded catalogue id once, in order, at its index', async () => {
    const answers = await recordedAnswers(db.prisma, DATASET);
    const recordings = await loadDatasetRecordings(DATASET);
    assert.equal(answers.rows.size, 4992);
    const items = await db.prisma.item.findMany({ where: { datasetId }, select: { index: true, externalId: true } });
    const idOf = new Map(items.map((item) => [item.index, item.externalId]));
    const known = new Set(idOf.values());
    let repeated = 0;
    for (const row of answers.rows) {
      const recorded = recordings.rankingByRow.get(row) as readonly string[];
      const answer = answers.of(row);
      assert.ok(answer);
      const firstPlaces = [...new Set(recorded.filter((id) => known.has(id)))];
      assert.deepEqual(answer.ranking.map((index) => idOf.get(index)), firstPlaces, `row ${row}`);
      assert.equal(answer.droppedIds, recorded.filter((id) => !known.has(id)).length, `row ${row}`);
      if (new Set(recorded).size < recorded.length) repeated++;
    }
    assert.equal(repeated, 509, "509 of MovieLens' recordings repeat an id");
    assert.equal(answers.of(-1), undefined);
  });

  it('refuses other content under the bundled name, and a dataset that is not imported', async () => {
    await db.prisma.dataset.update({ where: { id: datasetId }, data: { name: 'movielens-copy' } });
    try {
      await assert.rejects(recordedAnswers(db.prisma, 'movielens-copy'), ReplayDatasetMismatchError);
      await assert.rejects(recordedAnswers(db.prisma, DATASET), DatasetNotFoundError);
    } finally {
      await db.prisma.dataset.update({ where: { id: datasetId }, data: { name: DATASET } });
    }
  });

  it("draws replay's pool from the sessions with a recorded answer, a live provider's from all", async () => {
    await db.prisma.model.create({ data: { id: 'pool-teacher', datasetId, backbone: 'fpmc', role: 'teacher', dim: 100, seed: 1, config: {}, status: 'READY' } });
    const recorded = [...(await loadDatasetRecordings(DATASET)).rankingByRow.keys()].slice(0, 3);
    const rows = [...recorded, 1_000_000];
    await db.prisma.prediction.createMany({ data: rows.map((row, i) => ({ modelId: 'pool-teacher', row, top50: [], trueRank: 0, difficulty: -i })) });
    const replay = await selectionPool(db.prisma, { dataset: DATASET, provider: 'replay', teacherModelId: 'pool-teacher' });
    assert.deepEqual(replay.sessions.map((s) => s.row), recorded);
    assert.match(replay.note, /^replay: the 3 of 4 training sessions with a recorded GPT-4 answer/);
    const live = await selectionPool(db.prisma, { dataset: DATASET, provider: 'anthropic', teacherModelId: 'pool-teacher' });
    assert.deepEqual([live.sessions.length, live.note], [4, "all 4 training sessions, by the teacher's difficulty"]);
    await assert.rejects(selectionPool(db.prisma, { dataset: DATASET, provider: 'replay', teacherModelId: 'no-predictions' }), TeacherWithoutDifficultiesError);
  });
});
