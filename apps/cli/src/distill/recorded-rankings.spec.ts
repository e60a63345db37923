import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bundledDatasetPaths, importDataset } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { recordedAnswers } from '@alkdrec/llm-providers';
import { CliError } from '../cli-error';
import { ownSelectionRankings, referenceRankings } from './recorded-rankings';

const DATASET = 'movielens-hetrec2011';

/** `alkdrec distill --reference / --select` read the recordings and the pool through the shared library. */
describe('the rankings alkdrec distill distils from the recordings', () => {
  let db: TestDatabase;
  let datasetId: number;

  before(async () => {
    db = await createTestDatabase();
    const paths = bundledDatasetPaths(DATASET);
    await importDataset(db.prisma, { name: DATASET, itemsPath: paths.itemsPath, sessionsPath: paths.sessionsPath });
    datasetId = (await db.prisma.dataset.findUniqueOrThrow({ where: { name: DATASET } })).id;
  });
  after(() => db?.drop());

  it("maps the paper's first 500 ALKDRec picks on MovieLens to their recorded answers, as catalogue indices", async () => {
    const found = await referenceRankings(db.prisma, DATASET, 'alkdrec', 500);
    assert.equal(found.rankings.length, 500);
    assert.equal(new Set(found.rankings.map((r) => r.row)).size, 500);
    for (const { ranking } of found.rankings) assert.ok(ranking.every((i) => Number.isInteger(i) && i >= 0 && i < 8475));
    // Each item once (a repeated id keeps its first place); most answers hold 25 distinct ids.
    for (const { row, ranking } of found.rankings) assert.equal(new Set(ranking).size, ranking.length, `row ${row} repeats an item`);
    assert.ok(found.rankings.filter((r) => r.ranking.length === 25).length > 400);
  });

  it('refuses a budget larger than the recorded answers', async () => {
    await assert.rejects(referenceRankings(db.prisma, DATASET, 'random', 100_000), CliError);
  });

  it("draws our selection from the selector's replay pool and answers it with the recordings", async () => {
    await db.prisma.model.create({ data: { id: 'cli-teacher', datasetId, backbone: 'fpmc', role: 'teacher', dim: 100, seed: 1, config: {}, status: 'READY' } });
    const answers = await recordedAnswers(db.prisma, DATASET);
    const recorded = [...answers.rows].slice(0, 4);
    // Difficulties: the recorded rows from hardest to easiest, and a row with no recording that is easiest of all.
    await db.prisma.prediction.createMany({
      data: [...recorded.map((row, i) => ({ row, difficulty: -i })), { row: 10_000_000, difficulty: 5 }].map(({ row, difficulty }) => ({ modelId: 'cli-teacher', row, top50: [], trueRank: 0, difficulty })),
    });
    const found = await ownSelectionRankings(db.prisma, { dataset: DATASET, teacherModelId: 'cli-teacher', strategy: 'easiest', budget: 2, seed: 1 });
    assert.equal(found.poolSize, 4, 'a row without a recording is not in the pool');
    assert.deepEqual(new Set(found.rankings.map((r) => r.row)), new Set(recorded.slice(2)), 'the two easiest recorded rows');
    for (const { row, ranking } of found.rankings) assert.deepEqual(ranking, answers.of(row)?.ranking);
    await assert.rejects(ownSelectionRankings(db.prisma, { dataset: DATASET, teacherModelId: 'cli-teacher', strategy: 'easiest', budget: 5, seed: 1 }), /budget 5 exceeds the pool of 4 sessions/);
    await assert.rejects(ownSelectionRankings(db.prisma, { dataset: DATASET, teacherModelId: 'nobody', strategy: 'easiest', budget: 1, seed: 1 }), /run alkdrec predict --model nobody/);
  });
});
