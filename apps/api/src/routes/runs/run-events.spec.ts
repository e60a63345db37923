import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Problem, RunAccepted, RunEvent, stagesOf, type RunSpecInput } from '@alkdrec/contracts';
import { RunRepository } from '@alkdrec/db';
import { findRepoRoot, QueueFactory, RunClient } from '@alkdrec/service-kit';
import { startEntryProcess, until, waitForLogLine, type EntryProcess } from '@alkdrec/service-kit/testing';
import type { Worker } from 'bullmq';
import { createRunDataset } from '../../testing/run-fixture';
import { startSimulatedTrainer } from '../../testing/simulated-trainer';
import { openEventStream, type EventStreamClient } from '../../testing/sse-client';
import { AUTH, startTestApi, type TestApi } from '../../testing/test-api';
import { RunWatchHub } from './run-watch-hub';

const SELECTOR_MAIN = join(findRepoRoot(__dirname), 'apps', 'selector', 'dist', 'main.js');
const DATASET = 'api-run-events';
const GENEROUS_MS = 60_000;
const STAGES: readonly string[] = stagesOf('tr');

/**
 * GET /v1/runs/:id/events over real HTTP, for runs driven by a real selector process (its own
 * schema and queue prefix, the api's); training is done by a SIMULATED trainer (a BullMQ worker of
 * the test that reports progress and writes model rows). The dataset has no training sessions, so
 * a `tr` run's predict stage has nothing to ask. The stream's keep-alive comes every 300 ms here.
 */
describe('GET /v1/runs/:id/events (a real selector)', { timeout: 240_000 }, () => {
  let api: TestApi;
  let factory: QueueFactory;
  let selector: EntryProcess;
  let trainer: Worker | undefined;
  let runs: RunRepository;
  let datasetId: number;
  const open: EventStreamClient[] = [];

  before(async () => {
    // PostgreSQL is read once a minute: every state the streams get here comes at once — from the
    // first read, a progress event naming a new stage, or the driver job's end (a cancel's too).
    api = await startTestApi({ listen: true, env: { API_EVENTS_KEEPALIVE_MS: '300', API_RUN_WATCH_MS: '60000' } });
    runs = new RunRepository(api.db.prisma);
    datasetId = await createRunDataset(api.db.prisma, DATASET);
    factory = new QueueFactory({ redisUrl: process.env['REDIS_URL'] || 'redis://127.0.0.1:6379', prefix: api.prefix }, { error: () => undefined });
    selector = startEntryProcess(
      SELECTOR_MAIN,
      { DATABASE_URL: api.db.databaseUrl, DATABASE_SCHEMA: api.db.schema, BULLMQ_PREFIX: api.prefix, RUNS_CANCEL_CHECK_MS: '200', RUNS_PROGRESS_WRITE_MS: '100', SHUTDOWN_GRACE_MS: '2000' },
      { logFile: join(tmpdir(), `alkdrec-api-run-events-${process.pid}.log`) },
    );
    await waitForLogLine(selector, /selector ready for probes/, 1, GENEROUS_MS);
  });
  after(async () => {
    for (const stream of open) stream.close();
    await trainer?.close(true);
    selector?.kill('SIGKILL');
    await selector?.exited;
    await api?.close();
  });

  const spec = (seed: number): RunSpecInput => ({ dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed });
  async function create(seed: number): Promise<string> {
    const response = await api.fastify.inject({ method: 'POST', url: '/v1/runs', headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(spec(seed)) });
    assert.equal(response.statusCode, 202, response.body);
    return RunAccepted.parse(response.json()).runId;
  }
  const post = (url: string) => api.fastify.inject({ method: 'POST', url, headers: AUTH });
  async function follow(runId: string): Promise<EventStreamClient> {
    const stream = await openEventStream(`${api.url}/v1/runs/${runId}/events`);
    open.push(stream);
    return stream;
  }
  const waitingOnTeacher = (runId: string) =>
    until('the teacher stage to wait on its training', async () => ((await runs.stages(runId)).get('teacher')?.status === 'RUNNING' ? true : undefined), GENEROUS_MS);
  const hub = () => api.app.get(RunWatchHub);
  const noWatches = (runId: string) => until(`no watch of ${runId} left`, async () => (hub().watched().has(runId) ? undefined : true), 10_000);

  /** The stream's events as RunEvents, checking each one's name and its id (1, 2, 3, …). */
  function runEvents(stream: EventStreamClient): RunEvent[] {
    return stream.events.map((received, index) => {
      const event = RunEvent.parse(received.data);
      assert.equal(received.event, event.type);
      assert.equal(received.id, String(index + 1));
      return event;
    });
  }

  it('follows a run to its end: the state first, progress of each training, SUCCEEDED, then the server ends the stream', async () => {
    const runId = await create(1);
    await waitingOnTeacher(runId);
    const stream = await follow(runId);
    assert.equal(stream.status, 200);
    assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    await stream.waitFor('the first state', (e) => e.event === 'state');
    trainer = startSimulatedTrainer(factory, api.db.prisma, datasetId, { steps: 3, stepMs: 100 });
    assert.equal(await stream.ended, true, 'the server ended the stream');

    const events = runEvents(stream);
    assert.deepEqual(events[0], { type: 'state', runId, state: 'RUNNING', stage: 'teacher', error: null });
    assert.deepEqual(events.at(-1), { type: 'state', runId, state: 'SUCCEEDED', stage: null, error: null });
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []));
    for (const stage of ['teacher', 'student', 'distill']) {
      assert.ok(progress.some((p) => p.stage === stage && p.done > 0), `a progress event of the ${stage} stage's training`);
    }
    assert.deepEqual(progress.map((p) => p.stageIndex), [...progress.map((p) => p.stageIndex)].sort((a, b) => a - b), 'progress goes forward');
    assert.equal(events.filter((e) => e.type === 'state' && e.state !== 'RUNNING').length, 1, 'one final state, last');
    const stages: string[] = events.flatMap((e) => (e.type === 'state' && e.stage ? [e.stage] : []));
    assert.deepEqual(stages, [...new Set(stages)].sort((a, b) => STAGES.indexOf(a) - STAGES.indexOf(b)), 'a state per stage seen, in order');
    for (const stage of ['teacher', 'student', 'distill']) assert.ok(stages.includes(stage), `the ${stage} stage's state, from its progress (no periodic read within the run)`);
    await noWatches(runId);

    const again = await follow(runId);
    assert.equal(await again.ended, true);
    assert.deepEqual(runEvents(again), [{ type: 'state', runId, state: 'SUCCEEDED', stage: null, error: null }], 'a finished run: its state, then the end');
    await trainer.close();
    trainer = undefined;
  });

  it('cancel through HTTP ends a following stream with CANCELLED in its stage; after a resume through HTTP another follows it to SUCCEEDED', async () => {
    const runId = await create(2);
    await waitingOnTeacher(runId);
    const stream = await follow(runId);
    await stream.waitFor('the first state', (e) => e.event === 'state');
    const cancel = await post(`/v1/runs/${runId}/cancel`);
    assert.equal(cancel.statusCode, 200, cancel.body);
    assert.equal(await stream.ended, true);
    assert.deepEqual(runEvents(stream).at(-1), { type: 'state', runId, state: 'CANCELLED', stage: 'teacher', error: null });

    const resume = await post(`/v1/runs/${runId}/resume`);
    assert.equal(resume.statusCode, 202, resume.body);
    const resumed = await follow(runId);
    await resumed.waitFor('the resumed state', (e) => e.event === 'state');
    trainer = startSimulatedTrainer(factory, api.db.prisma, datasetId, { steps: 2, stepMs: 50 });
    assert.equal(await resumed.ended, true);
    const events = runEvents(resumed);
    assert.deepEqual([events[0]?.type === 'state' && events[0].state, events.at(-1)], ['RUNNING', { type: 'state', runId, state: 'SUCCEEDED', stage: null, error: null }]);
    assert.equal((await runs.stages(runId)).get('teacher')?.attempts, 2, 'the cancelled stage ran again');
    await trainer.close();
    trainer = undefined;
    await noWatches(runId);
  });

  it('shares one watch among the streams of a run, tells a late one the state at once, sends keep-alives, and unsubscribes on disconnect', async () => {
    const runId = await create(3);
    await waitingOnTeacher(runId);
    const client = api.app.get(RunClient);
    const original = client.watch.bind(client);
    let started = 0;
    let active = 0;
    client.watch = (id, listener, options) => {
      started++;
      active++;
      const stop = original(id, listener, options);
      return () => {
        active--;
        stop();
      };
    };
    try {
      const [first, second] = await Promise.all([follow(runId), follow(runId)]);
      for (const stream of [first, second]) await stream?.waitFor('the first state', (e) => e.event === 'state');
      const late = await follow(runId);
      await late.waitFor('the state, told at once', (e) => e.event === 'state');
      assert.deepEqual(late.events[0]?.data, { type: 'state', runId, state: 'RUNNING', stage: 'teacher', error: null });
      assert.deepEqual([started, active, hub().watched().get(runId)], [1, 1, 3], 'one RunClient.watch for three streams');
      await until('a keep-alive comment', async () => (late.comments.includes('keep-alive') ? true : undefined), 10_000);

      first?.close();
      second?.close();
      await until('two listeners gone', async () => (hub().watched().get(runId) === 1 ? true : undefined), 10_000);
      assert.equal(active, 1, 'the watch stays while a stream follows');
      late.close();
      await noWatches(runId);
      assert.deepEqual([started, active], [1, 0], 'the last disconnect stopped the watch');
      assert.equal(late.isEnded(), false, 'closed by the client, the run still RUNNING');
    } finally {
      client.watch = original;
      await post(`/v1/runs/${runId}/cancel`);
    }
  });

  it('answers 404 before any stream for an unknown run, and 400 for a bad id', async () => {
    const missing = await fetch(`${api.url}/v1/runs/no-such-run/events`);
    assert.equal(missing.status, 404);
    assert.equal(Problem.parse(await missing.json()).detail, 'run no-such-run does not exist');
    assert.equal((await fetch(`${api.url}/v1/runs/NO%20SUCH/events`)).status, 400);
    assert.equal(hub().watched().size, 0);
  });
});
