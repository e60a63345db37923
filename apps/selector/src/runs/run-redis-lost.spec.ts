import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueName, RunJob, runIdOf, runJobId, RunSpec, TrainerJob, type TrainerProgress, type TrainResult } from '@alkdrec/contracts';
import { RunRepository } from '@alkdrec/db';
import { createTestDatabase } from '@alkdrec/db/testing';
import { QueueFactory } from '@alkdrec/service-kit';
import {
  startEntryProcess,
  startRedisServer,
  uniquePrefix,
  until,
  waitForLogLine,
  type EntryProcess,
  type OwnRedisServer,
} from '@alkdrec/service-kit/testing';

const DATABASE_URL = process.env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test';
const DATASET = 'redis-lost-test';
const METRICS = { recall5: 0.01, ndcg5: 0.005, recall10: 0.02, ndcg10: 0.008 };

/**
 * Redis lost under a running selector: a redis-server of the test's own is SIGKILLed and started
 * again empty on the same port while a run's teacher stage waits on its training job. The selector
 * must notice (its driver's job is gone), re-drive the run from PostgreSQL, and the re-driven run
 * must resubmit the training and go on once a trainer answers. No trainer runs until then: the
 * SIMULATED trainer here is a BullMQ worker of the test that answers `train` jobs at once.
 */
describe('the selector when Redis loses its queues', { timeout: 90_000 }, () => {
  let redis: OwnRedisServer;
  /** What each test started, undone when it ends (a selector left running would see the next test's Redis loss). */
  let cleanups: (() => Promise<unknown>)[] = [];

  before(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups = [];
  });
  after(() => redis?.kill());

  /**
   * A schema and a queue prefix of the test's own (a selector re-drives every RUNNING run of its
   * schema), its dataset row, and selectors started on them.
   */
  async function world(what: string) {
    const db = await createTestDatabase(DATABASE_URL);
    cleanups.push(() => db.drop());
    // driveRun needs the dataset's row only; the stages that read sessions never run here.
    const { id: datasetId } = await db.prisma.dataset.create({
      data: { name: DATASET, itemCount: 10, rowCount: 0, droppedRows: 0, droppedItems: 0, trainCount: 7, validCount: 0, testCount: 0, source: {} },
    });
    const factory = new QueueFactory({ redisUrl: redis.url, prefix: uniquePrefix(what) }, { error: () => undefined, warn: () => undefined });
    const runs = factory.queue(QueueName.Runs);
    const trainer = factory.queue(QueueName.Trainer);
    cleanups.push(() => Promise.allSettled([runs.close(), trainer.close()]));
    const startSelector = (env: Record<string, string>): EntryProcess => {
      const selector = startEntryProcess(
        join(__dirname, '..', 'main.js'),
        { REDIS_URL: redis.url, DATABASE_SCHEMA: db.schema, BULLMQ_PREFIX: factory.settings.prefix, SHUTDOWN_GRACE_MS: '2000', ...env },
        { logFile: join(tmpdir(), `alkdrec-run-redis-lost-${process.pid}.log`) },
      );
      cleanups.push(async () => {
        selector.kill('SIGKILL');
        await selector.exited;
      });
      return selector;
    };
    const trainJobWaiting = async () => ((await trainer.getJobCounts('waiting')).waiting ?? 0) > 0;
    const stageOf = (runId: string, name: string) => db.prisma.runStage.findUnique({ where: { runId_name: { runId, name } } });
    return { db, datasetId, factory, runs, startSelector, trainJobWaiting, stageOf };
  }

  it('re-drives the run from PostgreSQL; the re-driven run resubmits its training and goes on; a FAILED run is left alone', async () => {
    const { db, datasetId, factory, runs, startSelector, trainJobWaiting, stageOf } = await world('run-redis-lost');
    const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed: 9 });
    const runId = runIdOf(spec);
    // A run that failed for good: no job, and it must get none.
    const failedSpec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed: 10 });
    const repository = new RunRepository(db.prisma);
    await repository.open({ id: runIdOf(failedSpec), datasetId, backbone: 'fpmc', strategy: 'tr', provider: 'replay', budget: 500, seed: 10, spec: failedSpec });
    await repository.finish(runIdOf(failedSpec), 'FAILED', 'the teacher diverged');

    // Short locks and a 1 s re-drive pass: the loss is found within seconds.
    const selector = startSelector({ RUNS_REDRIVE_INTERVAL_MS: '1000', RUNS_LOCK_DURATION_MS: '5000' });
    await runs.add(RunJob.Run, { spec }, { jobId: runJobId(runId) });
    await until('the teacher stage to wait on its training job', async () => ((await stageOf(runId, 'teacher'))?.status === 'RUNNING' && (await trainJobWaiting()) ? true : undefined), 30_000);

    await redis.restartEmpty();

    // The driver whose job is gone stops; the run gets a driver job again, which resubmits the training.
    const stopped = await waitForLogLine(selector, /driver stopped: this driver no longer holds the run's job in Redis/, 1, 30_000);
    assert.equal(stopped['level'], 'warn');
    const redriven = await waitForLogLine(selector, /re-driven from PostgreSQL/, 1, 30_000);
    assert.equal(redriven['runId'], runId);
    assert.match(String(redriven['msg']), /had no live driver job \(missing from Redis\)/);
    await until('the training job to be submitted again', async () => ((await trainJobWaiting()) ? true : undefined), 30_000);

    const simulatedTrainer = factory.worker(
      QueueName.Trainer,
      async (job) => {
        // Only the teacher is trained; later jobs are left pending, so the run stays RUNNING here.
        if (job.name !== TrainerJob.Train || (job.data as { role: string }).role !== 'teacher') return new Promise(() => undefined);
        await job.updateProgress({ phase: 'training', done: 1, total: 1 } satisfies TrainerProgress);
        return { modelId: 'simulated-teacher', steps: 1, bestStep: 1, bestValidRecall: 0, wallMs: 1, backend: 'cpu', reused: false, test: METRICS } satisfies TrainResult;
      },
      { concurrency: 1 },
    );
    cleanups.push(() => simulatedTrainer.close(true));
    await until('the teacher stage to succeed', async () => ((await stageOf(runId, 'teacher'))?.status === 'SUCCEEDED' ? true : undefined), 30_000);
    const run = await db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    assert.equal(run.status, 'RUNNING');
    assert.equal(run.teacherModelId, 'simulated-teacher');
    // One attempt by the driver whose job Redis lost, one by the re-driven driver.
    assert.equal((await stageOf(runId, 'teacher'))?.attempts, 2);

    assert.equal(await runs.getJobState(runJobId(runIdOf(failedSpec))), 'unknown', 'a FAILED run is not re-driven');
    assert.equal((await db.prisma.run.findUniqueOrThrow({ where: { id: runIdOf(failedSpec) } })).status, 'FAILED');
    assert.equal(selector.lines().filter((line) => /re-driven from PostgreSQL/.test(line)).length, 1, 'the run was re-driven once');
  });

  it("a driver notices by itself that Redis lost what it waited on and stops; the next selector's start re-drives the run", async () => {
    const { runs, startSelector, trainJobWaiting, stageOf } = await world('run-redis-lost-start');
    const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed: 11 });
    const runId = runIdOf(spec);
    // Default locks (30 s), and no re-drive pass after the one at start: the driver must find out itself.
    const first = startSelector({ RUNS_REDRIVE_INTERVAL_MS: '600000' });
    await runs.add(RunJob.Run, { spec }, { jobId: runJobId(runId) });
    await until('the teacher stage to wait on its training job', async () => ((await stageOf(runId, 'teacher'))?.status === 'RUNNING' && (await trainJobWaiting()) ? true : undefined), 30_000);

    await redis.restartEmpty();

    await waitForLogLine(first, /driver stopped: this driver no longer holds the run's job in Redis/, 1, 30_000);
    assert.equal(first.lines().filter((line) => /re-driven from PostgreSQL/.test(line)).length, 0);
    assert.equal(await runs.getJobState(runJobId(runId)), 'unknown');
    assert.equal((await stageOf(runId, 'teacher'))?.status, 'RUNNING', 'a lost driver fails nothing');
    first.kill('SIGTERM');
    await first.exited;

    const second = startSelector({ RUNS_REDRIVE_INTERVAL_MS: '600000' });
    await waitForLogLine(second, /re-driven from PostgreSQL/, 1, 30_000);
    await until('the training job to be submitted again', async () => ((await trainJobWaiting()) ? true : undefined), 30_000);
    assert.equal((await stageOf(runId, 'teacher'))?.attempts, 2);
  });
});
