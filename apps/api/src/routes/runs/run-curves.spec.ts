import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RunCurves } from '@alkdrec/contracts';
import { createRunDataset } from '../../testing/run-fixture';
import { endRun, openRun, seedModel } from '../../testing/dashboard-fixture';
import { expectProblem } from '../../testing/expect-problem';
import { startTestApi, type TestApi } from '../../testing/test-api';

const DATASET = 'api-curves-test';
let api: TestApi;
/** A run whose teacher and student finished training and whose distillation is still training. */
let trained: string;
/** A run opened a moment ago: no model yet. */
let fresh: string;

const get = (url: string) => api.fastify.inject({ method: 'GET', url });

// Model.history as the trainer stores it (fit-and-record.ts: { step, recall, loss }).
const TEACHER_HISTORY = [
  { step: 0, recall: 0.004, loss: 6.9 },
  { step: 500, recall: 0.011, loss: 5.2 },
  { step: 1000, recall: 0.01, loss: 4.8 },
];
// A NaN loss is stored as JSON null; a point that is not a check at all is skipped.
const STUDENT_HISTORY = [{ step: 0, recall: 0.002, loss: null }, 'not a check', { step: 200, recall: 0.006, loss: 3.1 }, { step: 'x', recall: 1 }];

before(async () => {
  api = await startTestApi();
  const prisma = api.db.prisma;
  const datasetId = await createRunDataset(prisma, DATASET);
  trained = await openRun(prisma, datasetId, { dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', seed: 1 });
  await endRun(prisma, trained, 'RUNNING', {
    teacher: await seedModel(prisma, datasetId, { id: 'curves.T', role: 'teacher', history: TEACHER_HISTORY, bestStep: 500 }),
    student: await seedModel(prisma, datasetId, { id: 'curves.S', role: 'student', history: STUDENT_HISTORY, bestStep: 200 }),
    distilled: await seedModel(prisma, datasetId, { id: 'curves.D', role: 'distilled', status: 'TRAINING' }),
  });
  fresh = await openRun(prisma, datasetId, { dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed: 2 });
});
after(async () => {
  await api.close();
});

describe('GET /v1/runs/:id/curves', () => {
  it("answers each trained model's checks and best step, null for a model still training, without a token", async () => {
    const response = await get(`/v1/runs/${trained}/curves`);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(RunCurves.parse(response.json()), {
      runId: trained,
      teacher: { modelId: 'curves.T', bestStep: 500, checks: TEACHER_HISTORY },
      student: { modelId: 'curves.S', bestStep: 200, checks: [{ step: 0, recall: 0.002, loss: null }, { step: 200, recall: 0.006, loss: 3.1 }] },
      distilled: null,
    });
  });

  it('answers three nulls for a run with no model yet', async () => {
    const response = await get(`/v1/runs/${fresh}/curves`);
    assert.deepEqual(response.json(), { runId: fresh, teacher: null, student: null, distilled: null });
  });

  it('answers 404 naming params.id for an unknown run, 400 naming params.id for an id that cannot be one', async () => {
    const missing = expectProblem(await get('/v1/runs/no-such-run/curves'), 'not-found', ['params.id']);
    assert.match(missing.detail, /no-such-run/);
    expectProblem(await get('/v1/runs/Not%20A%20Run/curves'), 'validation', ['params.id']);
  });
});
