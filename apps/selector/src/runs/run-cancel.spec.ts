import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueName, RunCancelled, runIdOf, runJobId, RunSpec, TrainerJob, type DistillResult, type TrainResult } from '@alkdrec/contracts';
import { RunRepository } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { QueueFactory, RunCancelledError, RunClient } from '@alkdrec/service-kit';
import {
  deleteKeysByPrefix,
  startEntryProcess,
  uniquePrefix,
  until,
  waitForLogLine,
  type EntryProcess,
} from '@alkdrec/service-kit/testing';
import type { Queue, QueueEvents, Worker } from 'bullmq';

const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const DATASET = 'run-cancel-test';
const METRICS = { recall5: 0.01, ndcg5: 0.005, recall10: 0.02, ndcg10: 0.008 };
const GENEROUS_MS = 30_000;

/**
 * Cancel and resume through the RunClient, against a real selector process (PostgreSQL, Redis with
 * a prefix of its own). A `tr` run waits on its teacher's training job; no trainer runs until the
 * test starts a SIMULATED one (a BullMQ worker of the test that answers train and distill jobs at
 * once, writing the model rows a trainer writes). The dataset has no training sessions, so the
 * predict stage has nothing to ask.
 */
describe('cancelling and resuming a run under a real selector', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let factory: QueueFactory;
  let selector: EntryProcess;
  let client: RunClient;
  let runs: RunRepository;
  let datasetId: number;
  const queues = new Map<QueueName, Queue>();
  let events: QueueEvents;
  let trainer: Worker | undefined;
  const queue = (name: QueueName): Queue => {
    if (!queues.has(name)) queues.set(name, factory.queue(name));
    return queues.get(name) as Queue;
  };
  const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed: 31 });
  const runId = runIdOf(spec);
  const stage = (name: string) => db.prisma.runStage.findUnique({ where: { runId_name: { runId, name } } });
  const waitingTrainings = async () => (await queue(QueueName.Trainer).getJobCounts('waiting')).waiting ?? 0;

  before(async () => {
    db = await createTestDatabase();
    runs = new RunRepository(db.prisma);
    ({ id: datasetId } = await db.prisma.dataset.create({
      data: { name: DATASET, itemCount: 10, rowCount: 0, droppedRows: 0, droppedItems: 0, trainCount: 0, validCount: 0, testCount: 0, source: {} },
    }));
    factory = new QueueFactory({ redisUrl: REDIS_URL, prefix: uniquePrefix('run-cancel') }, { error: () => undefined });
    events = factory.queueEvents(QueueName.Runs);
    await events.waitUntilReady();
    client = new RunClient({ prisma: db.prisma, queues: { get: queue }, events });
    selector = startEntryProcess(
      join(__dirname, '..', 'main.js'),
      // A re-drive pass every second: a cancelled run that were re-driven would be within the test.
      { REDIS_URL, DATABASE_SCHEMA: db.schema, BULLMQ_PREFIX: factory.settings.prefix, RUNS_REDRIVE_INTERVAL_MS: '1000', RUNS_CANCEL_CHECK_MS: '200', SHUTDOWN_GRACE_MS: '2000' },
      { logFile: join(tmpdir(), `alkdrec-run-cancel-${process.pid}.log`) },
    );
  });
  after(async () => {
    selector?.kill('SIGKILL');
    await selector?.exited;
    await trainer?.close(true);
    await events?.close();
    await Promise.all([...queues.values()].map((q) => q.close()));
    await deleteKeysByPrefix(REDIS_URL, factory.settings.prefix);
    await db?.drop();
  });

  it('submitting the same run twice drives one run', async () => {
    const first = await client.submit(spec);
    const second = await client.submit({ dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed: 31 });
    assert.deepEqual([first.origin, second.origin, second.runId], ['added', 'existing', runId]);
    await until('the teacher stage to wait on its training job', async () => ((await stage('teacher'))?.status === 'RUNNING' && (await waitingTrainings()) === 1 ? true : undefined), GENEROUS_MS);
    assert.equal(await db.prisma.run.count(), 1);
  });

  it('cancel: the driver stops, withdraws the queued training, marks its stage CANCELLED and ends its job without error; nothing re-drives it', async () => {
    assert.deepEqual(await client.cancel(runId), { runId, state: 'CANCELLED', stage: 'teacher', already: false });
    const driver = queue(QueueName.Runs);
    await until('the driver job to end', async () => ((await driver.getJobState(runJobId(runId))) === 'completed' ? true : undefined), GENEROUS_MS);
    const job = await driver.getJob(runJobId(runId));
    assert.deepEqual(RunCancelled.parse(job?.returnvalue), { runId, state: 'CANCELLED', stage: 'teacher' });
    assert.equal(job?.failedReason ?? undefined, undefined);
    assert.equal((await stage('teacher'))?.status, 'CANCELLED');
    assert.equal(await waitingTrainings(), 0, 'the training no trainer had taken is withdrawn');
    await waitForLogLine(selector, /was cancelled in its teacher stage; its driver stopped/, 1, GENEROUS_MS);

    // A RUNNING run without a job: the re-driver's next pass drives it, and so shows it has looked.
    const canary = RunSpec.parse({ ...spec, seed: 32 });
    await runs.open({ id: runIdOf(canary), datasetId, backbone: 'fpmc', strategy: 'tr', provider: 'replay', budget: 500, seed: 32, spec: canary });
    const redriven = await waitForLogLine(selector, /re-driven from PostgreSQL/, 1, GENEROUS_MS);
    assert.equal(redriven['runId'], runIdOf(canary));
    assert.equal(await driver.getJobState(runJobId(runId)), 'completed', 'the cancelled run got no new job');
    assert.equal(selector.lines().filter((line) => line.includes('re-driven') && line.includes(`"runId":"${runId}"`)).length, 0);
    assert.equal((await runs.get(runId)).status, 'CANCELLED');
    await client.cancel(runIdOf(canary));
    await assert.rejects(client.follow(runId), (error: unknown) => error instanceof RunCancelledError && error.stage === 'teacher');
  });

  it('resume: the run goes on from where it was cancelled and finishes', async () => {
    assert.equal((await client.resume(runId)).origin, 'resumed');
    // A SIMULATED trainer: answers at once and writes the model rows (with test metrics) a trainer writes.
    trainer = factory.worker(
      QueueName.Trainer,
      async (job) => {
        const modelId = job.name === TrainerJob.Train ? `sim-${(job.data as { role: string }).role}` : 'sim-distilled';
        const role = job.name === TrainerJob.Train ? (job.data as { role: string }).role : 'distilled';
        await db.prisma.model.upsert({ where: { id: modelId }, update: {}, create: { id: modelId, datasetId, backbone: 'fpmc', role, dim: 10, seed: 31, config: {}, status: 'READY' } });
        await db.prisma.evaluation.upsert({
          where: { modelId_split_exclusion: { modelId, split: 'TEST', exclusion: 'session' } },
          update: {},
          create: { modelId, split: 'TEST', sessionCount: 1, ...METRICS, ranks: [0], wallMs: 1 },
        });
        const trained: TrainResult = { modelId, steps: 1, bestStep: 1, bestValidRecall: 0, wallMs: 1, backend: 'cpu', reused: false, test: METRICS };
        return job.name === TrainerJob.Distill ? ({ ...trained, studentModelId: 'sim-student', pairs: 1 } satisfies DistillResult) : trained;
      },
      { concurrency: 1 },
    );
    const result = await client.follow(runId);
    assert.equal(result.runId, runId);
    const attempts = Object.fromEntries(result.stages.map((s) => [s.name, s.attempts]));
    assert.deepEqual(attempts, { teacher: 2, student: 1, predict: 1, distill: 1 }, 'the cancelled stage ran once more, the rest once');
    assert.equal(result.distilled.modelId, 'sim-distilled');
    const view = await client.view(runId);
    assert.deepEqual([view.state, view.stages.map((s) => s.state)], ['SUCCEEDED', ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']]);
    assert.ok(view.progress, 'the driver stored its progress');
  });
});
