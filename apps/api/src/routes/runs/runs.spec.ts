import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCursor, encodeCursor, Problem, problemTypeOf, QueueName, Run, RunAccepted, RunList, runJobId, RunResumed, type RunSpecInput } from '@alkdrec/contracts';
import { RunRepository } from '@alkdrec/db';
import { QueueRegistry } from '@alkdrec/service-kit';
import type { Queue } from 'bullmq';
import { AUTH, startTestApi, TEST_TOKEN, type TestApi } from '../../testing/test-api';
import { createRunDataset, fakeSucceededRun, runIdOfInput, TEST_METRICS } from '../../testing/run-fixture';

const DATASET = 'api-runs-test';
const OTHER = 'api-runs-other';
let api: TestApi;
let runs: RunRepository;
let runQueue: Queue;
let datasetId: number;

before(async () => {
  api = await startTestApi();
  runs = new RunRepository(api.db.prisma);
  runQueue = api.app.get(QueueRegistry).get(QueueName.Runs);
  datasetId = await createRunDataset(api.db.prisma, DATASET);
  await createRunDataset(api.db.prisma, OTHER);
});
after(async () => {
  await api.close();
});

const spec = (seed: number, extra: Partial<RunSpecInput> = {}): RunSpecInput => ({ dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed, ...extra });

function post(url: string, body?: unknown, headers: Record<string, string> = AUTH) {
  return api.fastify.inject({ method: 'POST', url, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers }, payload: body === undefined ? undefined : JSON.stringify(body) });
}
const get = (url: string) => api.fastify.inject({ method: 'GET', url });
const create = (body: unknown, headers?: Record<string, string>) => post('/v1/runs', body, headers);
const jobState = (runId: string) => runQueue.getJobState(runJobId(runId));

function problemOf(response: { statusCode: number; json(): unknown }, status: number, kind: Parameters<typeof problemTypeOf>[0]): Problem {
  assert.equal(response.statusCode, status, JSON.stringify(response.json()));
  const problem = Problem.parse(response.json());
  assert.equal(problem.type, problemTypeOf(kind));
  return problem;
}

/** A run created through the api and left without its driver job: nothing will drive it. */
async function undriven(seed: number): Promise<string> {
  const response = await create(spec(seed));
  assert.equal(response.statusCode, 202, response.body);
  const { runId } = RunAccepted.parse(response.json());
  await runQueue.remove(runJobId(runId));
  return runId;
}

describe('POST /v1/runs', () => {
  it('queues a run for the selector: 202, its id, state, origin and Location; readable at once', async () => {
    const response = await create(spec(1));
    const runId = runIdOfInput(spec(1));
    assert.equal(response.statusCode, 202, response.body);
    assert.equal(response.headers['location'], `/v1/runs/${runId}`);
    assert.deepEqual(response.json(), { runId, state: 'RUNNING', origin: 'added', previousState: null, location: `/v1/runs/${runId}` });
    assert.equal(await jobState(runId), 'waiting', 'its driver job waits on the selector queue (no selector here)');
    const read = await get(`/v1/runs/${runId}`);
    assert.equal(read.statusCode, 200);
    assert.deepEqual(Run.parse(read.json()).stages.map((s) => s.state), ['PENDING', 'PENDING', 'PENDING', 'PENDING']);
  });

  it('is idempotent: the same spec twice (defaults spelled out or not) is one run and one job', async () => {
    const first = await create(spec(2));
    const again = await create({ ...spec(2), provider: 'replay', budget: 500 });
    assert.equal(first.statusCode, 202);
    assert.equal(again.statusCode, 202);
    assert.deepEqual(again.json(), { ...first.json(), origin: 'existing', previousState: 'RUNNING' });
    assert.equal(await api.db.prisma.run.count({ where: { seed: 2 } }), 1);
    const jobs = await runQueue.getJobs(['waiting', 'active', 'delayed']);
    assert.equal(jobs.filter((job) => job.id === runJobId(first.json().runId)).length, 1);
  });

  it('answers 200 for a run that already SUCCEEDED, queueing nothing; resumes a CANCELLED one with 202', async () => {
    const runId = await undriven(3);
    await fakeSucceededRun(api.db.prisma, runId, datasetId);
    const done = await create(spec(3));
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.headers['location'], `/v1/runs/${runId}`);
    assert.deepEqual(RunAccepted.parse(done.json()), { runId, state: 'SUCCEEDED', origin: 'finished', previousState: 'SUCCEEDED', location: `/v1/runs/${runId}` });
    assert.equal(await jobState(runId), 'unknown');

    const cancelled = await undriven(4);
    await runs.cancel(cancelled);
    const resumed = await create(spec(4));
    assert.equal(resumed.statusCode, 202);
    assert.deepEqual([resumed.json().origin, resumed.json().previousState, resumed.json().state], ['added', 'CANCELLED', 'RUNNING']);
    assert.equal(await jobState(cancelled), 'waiting');
  });

  it('answers 422 naming body.dataset for a dataset that is not imported, writing nothing', async () => {
    const problem = problemOf(await create(spec(5, { dataset: 'not-imported' })), 422, 'unprocessable-content');
    assert.deepEqual(problem.errors?.map((e) => e.field), ['body.dataset']);
    assert.match(problem.detail, /^dataset "not-imported" is not imported; import it first/);
    assert.equal(await runs.find(runIdOfInput(spec(5, { dataset: 'not-imported' }))), null);
  });

  const BAD_BODIES: [string, unknown, string[]][] = [
    ['an unknown backbone', spec(10, { backbone: 'gru4rec' as 'fpmc' }), ['body.backbone']],
    ['budget 0', spec(11, { budget: 0 }), ['body.budget']],
    ['a budget that is not an integer', spec(12, { budget: 2.5 }), ['body.budget']],
    ['a budget given as a string', { ...spec(13), budget: '500' }, ['body.budget']],
    ['seed -1', spec(14, { seed: -1 }), ['body.seed']],
    ['an extra field', { ...spec(15), colour: 'blue' }, ['body.colour']],
    ['an unknown strategy', spec(16, { strategy: 'greedy' as 'tr' }), ['body.strategy']],
    ['an unknown provider', spec(17, { provider: 'gpt' as 'replay' }), ['body.provider']],
    ['a dataset name that cannot be one', spec(18, { dataset: 'Movie Lens!' }), ['body.dataset']],
    ['maxSteps 0', spec(19, { maxSteps: 0 }), ['body.maxSteps']],
    ['no dataset and no backbone', { strategy: 'tr' }, ['body.dataset', 'body.backbone']],
    ['an array', [spec(20)], ['body']],
    ['null', null, ['body']],
    ['several wrong fields at once', { ...spec(21), budget: 0, seed: -1, colour: 'x' }, ['body.budget', 'body.seed', 'body.colour']],
  ];
  for (const [what, body, fields] of BAD_BODIES) {
    it(`refuses ${what}: 400 naming ${fields.join(', ')}, no Run row`, async () => {
      const problem = problemOf(await create(body), 400, 'validation');
      assert.deepEqual(problem.errors?.map((e) => e.field).sort(), [...fields].sort());
      for (const field of fields) assert.match(problem.detail, new RegExp(field.replace(/[.[\]]/g, '\\$&')));
      assert.equal(await api.db.prisma.run.count({ where: { seed: { gte: 10 } } }), 0);
    });
  }

  it('refuses malformed JSON and another content type, writing nothing', async () => {
    const malformed = await api.fastify.inject({ method: 'POST', url: '/v1/runs', headers: { ...AUTH, 'content-type': 'application/json' }, payload: '{"dataset": ' });
    assert.deepEqual(problemOf(malformed, 400, 'validation').errors?.map((e) => e.field), ['body']);
    const form = await api.fastify.inject({ method: 'POST', url: '/v1/runs', headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'dataset=x' });
    problemOf(form, 415, 'unsupported-media-type');
    assert.equal(await api.db.prisma.run.count({ where: { seed: { gte: 10 } } }), 0);
  });
});

describe('auth on the mutating routes', () => {
  const WRONG = { authorization: 'Bearer not-the-token-at-all-000' };
  let target: string;
  before(async () => {
    target = await undriven(30);
  });

  for (const [what, headers] of [['no token', {}], ['a wrong token', WRONG], ['another scheme', { authorization: `Basic ${TEST_TOKEN}` }]] as const) {
    it(`answers 401 to ${what} on create, cancel and resume, changing nothing`, async () => {
      for (const response of [await create(spec(31), headers), await post(`/v1/runs/${target}/cancel`, undefined, headers), await post(`/v1/runs/${target}/resume`, undefined, headers)]) {
        problemOf(response, 401, 'unauthorized');
        assert.match(String(response.headers['www-authenticate']), /^Bearer realm="alkdrec"/);
      }
      assert.equal(await runs.find(runIdOfInput(spec(31))), null);
      assert.equal(await runs.status(target), 'RUNNING');
    });
  }

  it('accepts the right token on all three', async () => {
    assert.equal((await create(spec(31))).statusCode, 202);
    assert.equal((await post(`/v1/runs/${target}/cancel`)).statusCode, 200);
    assert.equal((await post(`/v1/runs/${target}/resume`)).statusCode, 202);
  });

  it('lets anyone read: list and get need no token (events: run-events.spec.ts)', async () => {
    assert.equal((await get('/v1/runs')).statusCode, 200);
    assert.equal((await get(`/v1/runs/${target}`)).statusCode, 200);
  });
});

describe('GET /v1/runs/:id', () => {
  it('answers the read model: stages with state and wall time, progress, metrics of the three models, LLM figures, selection', async () => {
    const runId = await undriven(40);
    await fakeSucceededRun(api.db.prisma, runId, datasetId);
    await runs.saveProgress(runId, { stage: 'distill', stageIndex: 3, stageCount: 4, done: 1, total: 1, finished: ['teacher', 'student', 'predict'] });
    const response = await get(`/v1/runs/${runId}`);
    assert.equal(response.statusCode, 200);
    const view = Run.parse(response.json());
    assert.deepEqual(view, JSON.parse(JSON.stringify(await runs.view(runId))), 'the read model, as stored');
    assert.equal(view.state, 'SUCCEEDED');
    assert.deepEqual(view.stages.map((s) => [s.name, s.state, s.wallMs, s.detail]), ['teacher', 'student', 'predict', 'distill'].map((name) => [name, 'SUCCEEDED', 5, `${name} (fake)`]));
    assert.deepEqual(view.metrics.distilled, { modelId: `${runId}.D`, test: TEST_METRICS });
    assert.equal(view.progress?.stage, 'distill');
    assert.deepEqual([view.llm.requests, view.llm.costUsd, view.selection.selected], [0, 0, 0]);
  });

  it('answers 404 for an unknown run and 400 naming params.id for an id that cannot be one', async () => {
    assert.match(problemOf(await get('/v1/runs/no-such-run'), 404, 'not-found').detail, /^run no-such-run does not exist$/);
    assert.deepEqual(problemOf(await get('/v1/runs/Not%20A%20Run'), 400, 'validation').errors?.map((e) => e.field), ['params.id']);
  });
});

describe('GET /v1/runs', () => {
  const LIST_A = 'api-runs-list-a';
  const LIST_B = 'api-runs-list-b';
  /** The runs of LIST_A and LIST_B, newest first as PostgreSQL orders them (creation, then id). */
  let newestFirst: string[];
  let cancelled: string;

  before(async () => {
    await createRunDataset(api.db.prisma, LIST_A);
    await createRunDataset(api.db.prisma, LIST_B);
    for (const [seed, dataset, strategy] of [[50, LIST_A, 'tr'], [51, LIST_A, 'random'], [52, LIST_B, 'tr'], [53, LIST_A, 'tr'], [54, LIST_A, 'tr']] as const) {
      const { runId } = RunAccepted.parse((await create(spec(seed, { dataset, strategy }))).json());
      await runQueue.remove(runJobId(runId));
    }
    const rows = await api.db.prisma.run.findMany({ where: { dataset: { name: { in: [LIST_A, LIST_B] } } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    newestFirst = rows.map((row) => row.id);
    cancelled = runIdOfInput(spec(53, { dataset: LIST_A }));
    await runs.cancel(cancelled);
  });
  const page = async (query: string) => RunList.parse((await get(`/v1/runs?${query}`)).json());
  const of = (dataset: string, strategy?: string) =>
    newestFirst.filter((id) => id.startsWith(`${dataset}.`) && (strategy === undefined || id.includes(`.${strategy}.`)));

  it('lists newest first, filtered by dataset, strategy and state', async () => {
    const a = await page(`dataset=${LIST_A}`);
    assert.deepEqual([a.runs.map((r) => r.id), a.total, a.next], [of(LIST_A), 4, null]);
    assert.deepEqual((await page(`dataset=${LIST_A}&strategy=tr`)).runs.map((r) => r.id), of(LIST_A, 'tr'));
    assert.deepEqual((await page(`dataset=${LIST_B}`)).runs.map((r) => r.id), of(LIST_B));
    const stopped = await page(`dataset=${LIST_A}&state=CANCELLED`);
    assert.deepEqual([stopped.runs.map((r) => [r.id, r.state]), stopped.total], [[[cancelled, 'CANCELLED']], 1]);
    assert.ok((await page('')).total >= 5, 'unfiltered: every run');
  });

  it("pages with cursor (the api's one format) and with offset", async () => {
    const seen: string[] = [];
    let query = `dataset=${LIST_A}&limit=3`;
    for (let pages = 0; pages < 5; pages++) {
      const body = await page(query);
      assert.equal(body.total, 4);
      seen.push(...body.runs.map((r) => r.id));
      if (!body.next) break;
      assert.ok(decodeCursor(body.next, 2), 'an encodeCursor key of two parts, like every list of the api');
      query = `dataset=${LIST_A}&limit=3&cursor=${body.next}`;
    }
    assert.deepEqual(seen, of(LIST_A));
    const last = await page(`dataset=${LIST_A}&limit=3&offset=3`);
    assert.deepEqual([last.runs.map((r) => r.id), last.next], [of(LIST_A).slice(3), null]);
  });

  for (const [query, field] of [
    ['limit=1000', 'query.limit'],
    ['limit=0', 'query.limit'],
    ['state=running', 'query.state'],
    ['strategy=greedy', 'query.strategy'],
    ['dataset=Not%20One', 'query.dataset'],
    ['cursor=xyz', 'query.cursor'],
    [`cursor=${encodeCursor(['a-dataset-name'])}`, 'query.cursor'],
    [`offset=2&cursor=${encodeCursor(['2026-01-01T00:00:00.000Z', 'x'])}`, 'query.cursor'],
    ['sort=asc', 'query.sort'],
  ] as const) {
    it(`refuses ${query.slice(0, 40)}: 400 naming ${field}`, async () => {
      assert.deepEqual(problemOf(await get(`/v1/runs?${query}`), 400, 'validation').errors?.map((e) => e.field), [field]);
    });
  }
});

describe('POST /v1/runs/:id/cancel and /resume', () => {
  it('cancels a running run (its queued driver job withdrawn), twice is fine; resumes it with 202', async () => {
    const response = await create(spec(60));
    const { runId } = RunAccepted.parse(response.json());
    await runs.startStage(runId, 'teacher');
    const cancel = await post(`/v1/runs/${runId}/cancel`);
    assert.equal(cancel.statusCode, 200, cancel.body);
    assert.deepEqual(cancel.json(), { runId, state: 'CANCELLED', stage: 'teacher', already: false });
    assert.equal(await jobState(runId), 'unknown', 'the driver job no selector took is removed');
    assert.deepEqual((await post(`/v1/runs/${runId}/cancel`)).json(), { runId, state: 'CANCELLED', stage: 'teacher', already: true });

    const resume = await post(`/v1/runs/${runId}/resume`);
    assert.equal(resume.statusCode, 202, resume.body);
    assert.equal(resume.headers['location'], `/v1/runs/${runId}`);
    assert.deepEqual(RunResumed.parse(resume.json()), { runId, state: 'RUNNING', origin: 'resumed', previousState: 'CANCELLED', location: `/v1/runs/${runId}` });
    assert.equal(await jobState(runId), 'waiting');
    const again = await post(`/v1/runs/${runId}/resume`);
    assert.equal(again.statusCode, 200);
    assert.deepEqual([again.json().origin, again.json().previousState], ['running', 'RUNNING']);
  });

  it('resumes a FAILED run; refuses to cancel a FAILED or SUCCEEDED run and to resume a SUCCEEDED one: 409 naming the state', async () => {
    const failed = await undriven(61);
    await runs.finish(failed, 'FAILED', 'the teacher diverged');
    assert.match(problemOf(await post(`/v1/runs/${failed}/cancel`), 409, 'conflict').detail, /has already FAILED: only a RUNNING run can be cancelled$/);
    const resumed = await post(`/v1/runs/${failed}/resume`);
    assert.deepEqual([resumed.statusCode, resumed.json().previousState], [202, 'FAILED']);

    const done = await undriven(62);
    await fakeSucceededRun(api.db.prisma, done, datasetId);
    assert.equal(problemOf(await post(`/v1/runs/${done}/cancel`), 409, 'conflict').detail, `run ${done} has already SUCCEEDED: only a RUNNING run can be cancelled`);
    assert.equal(problemOf(await post(`/v1/runs/${done}/resume`), 409, 'conflict').detail, `run ${done} has already SUCCEEDED: only a CANCELLED or FAILED run can be resumed`);
    assert.equal(await runs.status(done), 'SUCCEEDED');
  });

  it('answers 404 for an unknown run', async () => {
    for (const action of ['cancel', 'resume']) problemOf(await post(`/v1/runs/no-such-run/${action}`), 404, 'not-found');
  });
});

