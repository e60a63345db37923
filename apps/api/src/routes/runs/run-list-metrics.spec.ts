import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Run, RunList } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import { createRunDataset } from '../../testing/run-fixture';
import { endRun, metrics, openRun, seedModel } from '../../testing/dashboard-fixture';
import { startTestApi, type TestApi } from '../../testing/test-api';

const DATASET = 'api-run-list-metrics';
let api: TestApi;
/** Trained and tested models, and an LLM ledger of every kind of request. */
let full: string;
/** Models trained but not tested yet, and one request the replay had no answer for. */
let untested: string;
/** Nothing yet. */
let bare: string;

const get = (url: string) => api.fastify.inject({ method: 'GET', url });
const STUDENT = metrics(0.011, 0.0051);
const TEACHER = metrics(0.021, 0.0101);
const DISTILLED = metrics(0.019, 0.0093);

/** The LLM calls the requests belong to: a call's cost is what a LOST request of it is charged when the call was answered. */
async function seedCall(prisma: PrismaClient, key: string, status: 'SUCCEEDED' | 'PENDING' | 'NOT_AVAILABLE', costUsd: string): Promise<void> {
  await prisma.llmCall.create({ data: { key, provider: 'replay', model: 'gpt-4', prompt: { key }, status, costUsd } });
}

type RequestState = 'SENT' | 'ANSWERED' | 'FAILED' | 'LOST' | 'NOT_AVAILABLE';
async function seedRequest(prisma: PrismaClient, runId: string, id: string, callKey: string, state: RequestState, usd: { estimated: string; cost: string }): Promise<void> {
  await prisma.llmRequest.create({ data: { id, runId, callKey, owner: 'job-1', workerId: 'worker-1', state, estimatedUsd: usd.estimated, costUsd: usd.cost } });
}

before(async () => {
  api = await startTestApi();
  const prisma = api.db.prisma;
  const datasetId = await createRunDataset(prisma, DATASET);
  const spec = (strategy: 'alkdrec' | 'random' | 'tr', seed: number) => ({ dataset: DATASET, backbone: 'fpmc' as const, strategy, seed });

  full = await openRun(prisma, datasetId, spec('alkdrec', 1));
  await endRun(prisma, full, 'SUCCEEDED', {
    student: await seedModel(prisma, datasetId, { id: 'list.S', role: 'student', test: STUDENT }),
    teacher: await seedModel(prisma, datasetId, { id: 'list.T', role: 'teacher', test: TEACHER }),
    distilled: await seedModel(prisma, datasetId, { id: 'list.D', role: 'distilled', test: DISTILLED }),
  });
  // Evaluations a run does not report: the validation split, and the test split under the other rule.
  await prisma.evaluation.create({ data: { modelId: 'list.S', split: 'VALID', sessionCount: 5, ...metrics(0.7, 0.7), ranks: [], wallMs: 1 } });
  await prisma.evaluation.create({ data: { modelId: 'list.T', split: 'TEST', exclusion: 'window', sessionCount: 5, ...metrics(0.8, 0.8), ranks: [], wallMs: 1 } });

  await seedCall(prisma, 'call-answered', 'SUCCEEDED', '0.050000000');
  await seedCall(prisma, 'call-pending', 'PENDING', '0');
  await seedCall(prisma, 'call-missing', 'NOT_AVAILABLE', '0');
  await prisma.llmRun.create({ data: { id: full } });
  // 6 requests (not the NOT_AVAILABLE one); cost 0.010 + 0.020 answered, 0.050 lost on an answered
  // call (the call's cost), 0.070 lost on a pending call (its estimate): 0.150. FAILED and SENT cost nothing.
  await seedRequest(prisma, full, 'r1', 'call-answered', 'ANSWERED', { estimated: '0.09', cost: '0.010' });
  await seedRequest(prisma, full, 'r2', 'call-answered', 'ANSWERED', { estimated: '0.09', cost: '0.020' });
  await seedRequest(prisma, full, 'r3', 'call-pending', 'FAILED', { estimated: '0.03', cost: '0' });
  await seedRequest(prisma, full, 'r4', 'call-answered', 'LOST', { estimated: '0.08', cost: '0.08' });
  await seedRequest(prisma, full, 'r5', 'call-pending', 'LOST', { estimated: '0.07', cost: '0.07' });
  await seedRequest(prisma, full, 'r6', 'call-missing', 'NOT_AVAILABLE', { estimated: '0.06', cost: '0' });
  await seedRequest(prisma, full, 'r7', 'call-pending', 'SENT', { estimated: '0.04', cost: '0' });

  untested = await openRun(prisma, datasetId, spec('random', 1));
  await endRun(prisma, untested, 'RUNNING', {
    student: 'list.S',
    teacher: await seedModel(prisma, datasetId, { id: 'list.T2', role: 'teacher' }),
    distilled: await seedModel(prisma, datasetId, { id: 'list.D2', role: 'distilled', status: 'TRAINING' }),
  });
  await prisma.llmRun.create({ data: { id: untested } });
  await seedRequest(prisma, untested, 'r8', 'call-missing', 'NOT_AVAILABLE', { estimated: '0.06', cost: '0' });

  bare = await openRun(prisma, datasetId, spec('tr', 2));
});
after(async () => {
  await api.close();
});

describe("GET /v1/runs: each line's metrics and LLM figures", () => {
  it("shows each run's student, teacher and distilled test metrics (session rule) and its requests and cost", async () => {
    const response = await get(`/v1/runs?dataset=${DATASET}`);
    assert.equal(response.statusCode, 200, response.body);
    const page = RunList.parse(response.json());
    assert.deepEqual(new Set(page.runs.map((r) => r.id)), new Set([full, untested, bare]));
    const line = (id: string) => page.runs.find((r) => r.id === id);

    const one = line(full);
    assert.deepEqual([one?.student, one?.teacher, one?.distilled], [
      { modelId: 'list.S', test: STUDENT },
      { modelId: 'list.T', test: TEACHER },
      { modelId: 'list.D', test: DISTILLED },
    ]);
    assert.equal(one?.llm.requests, 6);
    assert.ok(Math.abs((one?.llm.costUsd ?? NaN) - 0.15) < 1e-9, `costUsd ${one?.llm.costUsd}`);

    // The student it shares is tested; its own teacher is not yet and its distillation is training.
    const two = line(untested);
    assert.deepEqual([two?.student, two?.teacher, two?.distilled, two?.llm], [{ modelId: 'list.S', test: STUDENT }, null, null, { requests: 0, costUsd: 0 }]);

    const three = line(bare);
    assert.deepEqual([three?.student, three?.teacher, three?.distilled, three?.llm], [null, null, null, { requests: 0, costUsd: 0 }]);
  });

  it("agrees with each run's own view (GET /v1/runs/:id), page by page", async () => {
    const seen: string[] = [];
    let query = `dataset=${DATASET}&limit=1`;
    for (let pages = 0; pages < 4; pages++) {
      const page = RunList.parse((await get(`/v1/runs?${query}`)).json());
      for (const line of page.runs) {
        seen.push(line.id);
        const view = Run.parse((await get(`/v1/runs/${line.id}`)).json());
        assert.deepEqual([line.student, line.teacher, line.distilled], [view.metrics.student, view.metrics.teacher, view.metrics.distilled], line.id);
        assert.deepEqual(line.llm, { requests: view.llm.requests, costUsd: view.llm.costUsd }, line.id);
      }
      if (!page.next) break;
      query = `dataset=${DATASET}&limit=1&cursor=${page.next}`;
    }
    assert.deepEqual(new Set(seen), new Set([full, untested, bare]));
    assert.equal(seen.length, 3);
  });
});
