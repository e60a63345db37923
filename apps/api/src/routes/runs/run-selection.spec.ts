import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RunSelectionDetail } from '@alkdrec/contracts';
import { alkdrecDistribution } from '@alkdrec/selection';
import { createRunDataset } from '../../testing/run-fixture';
import { endRun, openRun, seedModel } from '../../testing/dashboard-fixture';
import { expectProblem } from '../../testing/expect-problem';
import { startTestApi, type TestApi } from '../../testing/test-api';

const DATASET = 'api-selection-test';
let api: TestApi;
/** A `random` run over a pool of 4 that drew 3 sessions. */
let drawnRun: string;
/** An `alkdrec` run over a pool of 2,500 that has not drawn yet. */
let bigPool: string;
/** A `tr` run: no selection. */
let trRun: string;

const get = (url: string) => api.fastify.inject({ method: 'GET', url });
const item = (index: number) => ({ itemId: `m${index}`, title: `Movie ${index}` });

// Sessions by row: the items watched, and the next one.
const SESSIONS = [
  { row: 10, items: [0, 1], next: 2 },
  { row: 11, items: [1], next: 3 },
  { row: 12, items: [4, 5, 0], next: 1 },
];
// The draw, in order: row 12 first (ranked by the LLM, one index not in the catalogue), then 10, then 11.
const DRAWN = [
  { order: 0, row: 12, rank: 3, probability: 0.25, difficulty: -0.1, llmStatus: 'ranked', ranking: [5, 4, 99] },
  { order: 1, row: 10, rank: 1, probability: 0.25, difficulty: 0.3, llmStatus: null, ranking: [] },
  { order: 2, row: 11, rank: 2, probability: 0.25, difficulty: 0.2, llmStatus: 'not-available', ranking: [] },
];

before(async () => {
  api = await startTestApi();
  const prisma = api.db.prisma;
  const datasetId = await createRunDataset(prisma, DATASET);
  await prisma.item.createMany({ data: [0, 1, 2, 3, 4, 5].map((index) => ({ datasetId, index, ...{ externalId: item(index).itemId, title: item(index).title } })) });
  await prisma.session.createMany({ data: SESSIONS.map((s, ordinal) => ({ datasetId, ordinal, split: 'TRAIN' as const, ...s })) });
  const teacher = await seedModel(prisma, datasetId, { id: 'selection.T', role: 'teacher' });
  // The teacher's candidates for row 10 only (row 12 has none stored: its sample shows none).
  await prisma.prediction.create({ data: { modelId: teacher, row: 10, top50: [3, 2, 1, 0], trueRank: 7, difficulty: 0.3 } });
  // Another model's prediction for row 12: not the teacher's, never shown.
  await seedModel(prisma, datasetId, { id: 'selection.other', role: 'student' });
  await prisma.prediction.create({ data: { modelId: 'selection.other', row: 12, top50: [0, 0, 0], trueRank: 0 } });

  drawnRun = await openRun(prisma, datasetId, { dataset: DATASET, backbone: 'fpmc', strategy: 'random', seed: 1 });
  await endRun(prisma, drawnRun, 'RUNNING', { teacher });
  await prisma.run.update({ where: { id: drawnRun }, data: { poolSize: 4, poolNote: 'every training session' } });
  await prisma.runSelection.createMany({ data: DRAWN.map((d) => ({ runId: drawnRun, ...d })) });

  bigPool = await openRun(prisma, datasetId, { dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', seed: 1 });
  await prisma.run.update({ where: { id: bigPool }, data: { poolSize: 2500, poolNote: 'a big pool' } });
  trRun = await openRun(prisma, datasetId, { dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed: 1 });
});
after(async () => {
  await api.close();
});

async function selection(runId: string, query = ''): Promise<RunSelectionDetail> {
  const response = await get(`/v1/runs/${runId}/selection${query}`);
  assert.equal(response.statusCode, 200, response.body);
  return RunSelectionDetail.parse(response.json());
}

const drawnView = DRAWN.map(({ ranking: _ranking, ...d }) => d);

describe('GET /v1/runs/:id/selection', () => {
  it('answers the uniform p* of random, every drawn session in order, and the first `samples` in full with `top` titles', async () => {
    const body = await selection(drawnRun, '?samples=2&top=2');
    assert.deepEqual(body, {
      runId: drawnRun,
      strategy: 'random',
      poolSize: 4,
      poolNote: 'every training session',
      curve: { kStar: null, points: [[1, 0.25], [2, 0.25], [3, 0.25], [4, 0.25]] },
      drawn: drawnView,
      samples: [
        { order: 0, row: 12, rank: 3, difficulty: -0.1, llmStatus: 'ranked', session: [item(4), item(5), item(0)], next: item(1), teacher: [], teacherTrueRank: null, llm: [item(5), item(4)] },
        { order: 1, row: 10, rank: 1, difficulty: 0.3, llmStatus: null, session: [item(0), item(1)], next: item(2), teacher: [item(3), item(2)], teacherTrueRank: 7, llm: [] },
      ],
    });
  });

  it('defaults to 4 samples and the top 10, naming an index the catalogue lacks instead of failing', async () => {
    const body = await selection(drawnRun);
    assert.deepEqual(body.samples.map((s) => s.order), [0, 1, 2]);
    assert.deepEqual(body.samples[0]?.llm, [item(5), item(4), { itemId: '#99', title: '(item index 99 not in the catalogue)' }]);
    assert.deepEqual(body.samples[1]?.teacher, [item(3), item(2), item(1), item(0)]);
    assert.deepEqual(body.samples[2]?.next, item(3));
    assert.deepEqual((await selection(drawnRun, '?samples=0')).samples, []);
    assert.deepEqual((await selection(drawnRun, '?samples=0')).drawn, drawnView, 'every drawn session whatever `samples` says');
  });

  it("answers alkdrec's p* for its pool before any draw, reduced to about 1,000 peaks; nothing for tr", async () => {
    const body = await selection(bigPool);
    const { kStar, probabilities } = alkdrecDistribution(2500);
    assert.deepEqual([body.poolSize, body.drawn, body.samples, body.curve?.kStar], [2500, [], [], kStar]);
    // 2,500 ranks in buckets of 3: ranks 1, 4, 7, …, 2,500, each the highest p* of its bucket.
    const points = body.curve?.points ?? [];
    assert.equal(points.length, 834);
    assert.deepEqual(points[1], [4, Math.max(probabilities[3] as number, probabilities[4] as number, probabilities[5] as number)]);
    assert.deepEqual(points[833], [2500, probabilities[2499]]);

    assert.deepEqual(await selection(trRun), { runId: trRun, strategy: 'tr', poolSize: null, poolNote: null, curve: null, drawn: [], samples: [] });
  });

  it('answers 404 naming params.id for an unknown run; 400 naming the field for a bad id or query', async () => {
    const missing = expectProblem(await get('/v1/runs/no-such-run/selection'), 'not-found', ['params.id']);
    assert.match(missing.detail, /no-such-run/);
    expectProblem(await get('/v1/runs/Not%20A%20Run/selection'), 'validation', ['params.id']);
    for (const [query, fields] of [
      ['samples=21', ['query.samples']],
      ['samples=-1', ['query.samples']],
      ['samples=two', ['query.samples']],
      ['top=0', ['query.top']],
      ['top=51', ['query.top']],
      ['top=1.5', ['query.top']],
      ['limit=3', ['query.limit']],
      ['samples=99&top=0', ['query.samples', 'query.top']],
    ] as const) {
      expectProblem(await get(`/v1/runs/${drawnRun}/selection?${query}`), 'validation', fields);
    }
  });
});
