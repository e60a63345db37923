import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ContractViolation,
  LlmRankingJob,
  llmRankingJobId,
  QueueName,
  RankingCollectJob,
  rankingCollectJobId,
  runIdOf,
  runJobId,
  RunSpec,
  stagesOf,
  type RunEvent,
  type RunProgress,
  type RunResult,
} from '@alkdrec/contracts';
import { RunRepository } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { FlowProducer, type Queue, type QueueEvents, type Worker } from 'bullmq';
import { QueueFactory } from '../bullmq/queue-factory';
import { redisOptions } from '../bullmq/redis-connection';
import { deleteKeysByPrefix } from '../testing/delete-keys-by-prefix';
import { uniquePrefix } from '../testing/unique-prefix';
import { until } from '../testing/until';
import { RunClient } from './run-client';
import { RunCancelledError, RunFailedError, RunNotFoundError, RunStateError, UnknownDatasetError } from './run-errors';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const DATASET = 'run-client-test';
const METRICS = { recall5: 0.01, ndcg5: 0.005, recall10: 0.02, ndcg10: 0.008 };

/**
 * The RunClient against the real PostgreSQL and Redis, with no selector: the test plays the
 * selector where one is needed (a BullMQ worker on the run queue, writes to the run's rows).
 */
describe(RunClient.name, { timeout: 60_000 }, () => {
  let db: TestDatabase;
  let factory: QueueFactory;
  const queues = new Map<QueueName, Queue>();
  let events: QueueEvents;
  let client: RunClient;
  let runs: RunRepository;
  let datasetId: number;
  const spec = (seed: number, strategy: RunSpec['strategy'] = 'tr') => RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy, seed });

  before(async () => {
    db = await createTestDatabase();
    runs = new RunRepository(db.prisma);
    ({ id: datasetId } = await db.prisma.dataset.create({
      data: { name: DATASET, itemCount: 10, rowCount: 0, droppedRows: 0, droppedItems: 0, trainCount: 0, validCount: 0, testCount: 0, source: {} },
    }));
    factory = new QueueFactory({ redisUrl: REDIS_URL, prefix: uniquePrefix('run-client') }, { error: () => undefined });
    const get = (name: QueueName) => {
      if (!queues.has(name)) queues.set(name, factory.queue(name));
      return queues.get(name) as Queue;
    };
    events = factory.queueEvents(QueueName.Runs);
    await events.waitUntilReady();
    client = new RunClient({ prisma: db.prisma, queues: { get }, events }, { checkEveryMs: 100 });
  });
  after(async () => {
    await events?.close();
    await Promise.all([...queues.values()].map((queue) => queue.close()));
    await deleteKeysByPrefix(REDIS_URL, factory.settings.prefix);
    await db?.drop();
  });

  const runQueue = () => queues.get(QueueName.Runs) as Queue;
  const jobState = (runId: string) => runQueue().getJobState(runJobId(runId));

  /** What a driver leaves when every stage of a tr run succeeded, with models that have test metrics. */
  async function succeeded(runId: string): Promise<void> {
    for (const [id, role] of [['T', 'teacher'], ['S', 'student'], ['D', 'distilled']] as const) {
      if (await db.prisma.model.findUnique({ where: { id } })) continue;
      await db.prisma.model.create({ data: { id, datasetId, backbone: 'fpmc', role, dim: 10, seed: 1, config: {}, status: 'READY' } });
      await db.prisma.evaluation.create({ data: { modelId: id, split: 'TEST', sessionCount: 1, ...METRICS, ranks: [0], wallMs: 1 } });
    }
    const stored = await runs.stages(runId);
    for (const name of stagesOf('tr')) {
      if (stored.get(name)?.status === 'SUCCEEDED') continue;
      await runs.startStage(runId, name);
      await runs.finishStage(runId, name, { wallMs: 5, detail: name, models: { teacherModelId: 'T', studentModelId: 'S', distilledModelId: 'D' } });
    }
    await runs.finish(runId, 'SUCCEEDED');
  }

  describe('submit', () => {
    it('is idempotent: the same spec twice is one run and one queued job, readable at once', async () => {
      const first = await client.submit({ dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed: 1 });
      const again = await client.submit(spec(1));
      const runId = runIdOf(spec(1));
      assert.deepEqual(first, { runId, jobId: runJobId(runId), origin: 'added', previousState: null });
      assert.deepEqual(again, { runId, jobId: runJobId(runId), origin: 'existing', previousState: 'RUNNING' });
      assert.equal((await runQueue().getJobCounts('waiting')).waiting, 1);
      const view = await client.view(runId);
      assert.deepEqual([view.state, view.stages.map((s) => s.state)], ['RUNNING', ['PENDING', 'PENDING', 'PENDING', 'PENDING']]);
    });

    it('refuses a bad spec naming the field, and a dataset that is not imported, queueing and writing nothing', async () => {
      await assert.rejects(client.submit({ dataset: DATASET, backbone: 'gru4rec', strategy: 'tr' }), (error: unknown) => error instanceof ContractViolation && /backbone/.test(error.message));
      await assert.rejects(client.submit({ ...spec(2), dataset: 'not-imported' }), UnknownDatasetError);
      assert.equal(await runs.find(runIdOf({ ...spec(2), dataset: 'not-imported' })), null);
      assert.equal(await jobState(runIdOf({ ...spec(2), dataset: 'not-imported' })), 'unknown');
    });

    it('does not queue a run that SUCCEEDED again; resumes one that FAILED', async () => {
      const done = await client.submit(spec(3));
      await runQueue().remove(done.jobId);
      await succeeded(done.runId);
      assert.deepEqual(await client.submit(spec(3)), { ...done, origin: 'finished', previousState: 'SUCCEEDED' });
      assert.equal(await jobState(done.runId), 'unknown');

      const failed = await client.submit(spec(4));
      await runQueue().remove(failed.jobId);
      await runs.finish(failed.runId, 'FAILED', 'the trainer gave up');
      assert.deepEqual(await client.submit(spec(4)), { ...failed, origin: 'added', previousState: 'FAILED' });
      assert.equal((await runs.get(failed.runId)).status, 'RUNNING');
    });
  });

  describe('cancel and resume', () => {
    it('cancels a run no selector has taken: its job is removed and its running stage marked; twice is fine', async () => {
      const { runId } = await client.submit(spec(5));
      await runs.startStage(runId, 'teacher'); // a driver handed the job back mid-stage
      assert.deepEqual(await client.cancel(runId), { runId, state: 'CANCELLED', stage: 'teacher', already: false });
      assert.equal(await jobState(runId), 'unknown', 'the waiting driver job is removed');
      const view = await client.view(runId);
      assert.deepEqual([view.state, view.stages[0]?.state, view.stages[0]?.error], ['CANCELLED', 'CANCELLED', 'cancelled']);
      assert.deepEqual(await client.cancel(runId), { runId, state: 'CANCELLED', stage: 'teacher', already: true });
      await assert.rejects(client.follow(runId), (error: unknown) => error instanceof RunCancelledError && error.stage === 'teacher');
    });

    it('cancels in PostgreSQL even when Redis cannot be reached; the read model shows the stage stopped', async () => {
      const { runId } = await client.submit(spec(13));
      await runs.startStage(runId, 'teacher');
      const away = new QueueFactory({ redisUrl: 'redis://127.0.0.1:1', prefix: factory.settings.prefix }, { error: () => undefined });
      const unreachable = away.queue(QueueName.Runs);
      try {
        // Redis answers nothing within the bound: the cancel holds, its clean-up is left to the driver.
        const offline = new RunClient({ prisma: db.prisma, queues: { get: () => unreachable }, events }, { redisTimeoutMs: 500 });
        assert.deepEqual(await offline.cancel(runId), { runId, state: 'CANCELLED', stage: 'teacher', already: false });
      } finally {
        await unreachable.close();
      }
      assert.equal((await runs.stages(runId)).get('teacher')?.status, 'RUNNING', 'left for the driver that takes its job');
      assert.equal((await client.view(runId)).stages[0]?.state, 'CANCELLED');
      await runQueue().remove(runJobId(runId)); // what that driver would do: end the job
    });

    it('refuses to cancel a finished run, naming its state, and an unknown one', async () => {
      const { runId } = await client.submit(spec(6));
      await runQueue().remove(runJobId(runId));
      await succeeded(runId);
      await assert.rejects(client.cancel(runId), (error: unknown) => {
        assert.ok(error instanceof RunStateError);
        assert.equal(error.message, `run ${runId} has already SUCCEEDED: only a RUNNING run can be cancelled`);
        return true;
      });
      await assert.rejects(client.cancel('no-such-run'), RunNotFoundError);
    });

    it('resumes a cancelled run (stages kept); resuming a RUNNING or SUCCEEDED run changes nothing and says so', async () => {
      const { runId, jobId } = await client.submit(spec(7));
      await runs.startStage(runId, 'teacher');
      await runs.finishStage(runId, 'teacher', { wallMs: 1, detail: 'T' });
      await client.cancel(runId);
      assert.deepEqual(await client.resume(runId), { runId, jobId, origin: 'resumed', previousState: 'CANCELLED' });
      assert.equal(await jobState(runId), 'waiting');
      const view = await client.view(runId);
      assert.deepEqual([view.state, view.finishedAt, view.stages[0]?.state], ['RUNNING', null, 'SUCCEEDED']);
      assert.deepEqual(await client.resume(runId), { runId, jobId, origin: 'running', previousState: 'RUNNING' });
      await runQueue().remove(jobId);
      await succeeded(runId);
      assert.deepEqual(await client.resume(runId), { runId, jobId, origin: 'finished', previousState: 'SUCCEEDED' });
      await assert.rejects(client.resume('no-such-run'), RunNotFoundError);
    });

    it("withdraws the fan-out's ranking jobs no llm-worker has taken; the one being answered finishes and the collect job then runs", async () => {
      const { runId } = await client.submit(spec(8, 'alkdrec'));
      const flows = new FlowProducer({ connection: redisOptions(REDIS_URL, 'producer'), prefix: factory.settings.prefix });
      let release!: () => void;
      const answering = new Promise<void>((resolve) => (release = resolve));
      let worker: Worker | undefined;
      try {
        await flows.add({
          name: RankingCollectJob.Collect,
          queueName: QueueName.RankingCollect,
          data: { runId },
          opts: { jobId: rankingCollectJobId(runId) },
          children: [3, 5, 7].map((row) => ({ name: LlmRankingJob.Rank, queueName: QueueName.LlmRanking, data: { row }, opts: { jobId: llmRankingJobId(runId, row), ignoreDependencyOnFailure: true } })),
        });
        const taken: string[] = [];
        // A simulated llm-worker that takes one ranking job and is still answering it at the cancel.
        worker = factory.worker(QueueName.LlmRanking, async (job) => {
          taken.push(job.id as string);
          await answering;
          return { row: (job.data as { row: number }).row };
        }, { concurrency: 1 });
        await until('a ranking job to be taken', async () => (taken.length === 1 ? true : undefined), 20_000);
        await worker.pause(true); // takes no other job: the rest are "not yet taken"
        await client.cancel(runId);
        const ranking = factory.queue(QueueName.LlmRanking);
        try {
          const left = await Promise.all([3, 5, 7].map(async (row) => [row, await ranking.getJobState(llmRankingJobId(runId, row))]));
          assert.deepEqual(left.filter(([, state]) => state !== 'unknown').map(([row]) => llmRankingJobId(runId, row as number)), taken, 'only the job being answered is left');
          release();
          const collect = factory.queue(QueueName.RankingCollect);
          await until('the collect job to be ready to run', async () => ((await collect.getJobState(rankingCollectJobId(runId))) === 'waiting' ? true : undefined), 20_000);
          await collect.close();
        } finally {
          await ranking.close();
        }
      } finally {
        release();
        await worker?.close(true);
        await flows.close();
      }
    });
  });

  describe('follow and watch', () => {
    it('returns the result of a run that has already succeeded at once, every stage finished earlier', async () => {
      const { runId } = await client.submit(spec(9));
      await runQueue().remove(runJobId(runId));
      await succeeded(runId);
      const result: RunResult = await client.follow(runId);
      assert.equal(result.runId, runId);
      assert.ok(result.stages.every((s) => s.resumed && s.attempts === 1));
      assert.deepEqual(result.distilled, { modelId: 'D', test: METRICS });
    });

    it('follows the driver job: its progress (where it is first), then its result; a failed run is a RunFailedError', async () => {
      const { runId } = await client.submit(spec(10));
      const { runId: failing } = await client.submit(spec(11));
      const PROGRESS: RunProgress = { stage: 'teacher', stageIndex: 0, stageCount: 4, done: 1, total: 2, finished: [] };
      const seen: RunProgress[] = [];
      const following = client.follow(runId, { onProgress: (p) => seen.push(p) });
      // A simulated selector: reports progress and returns the run's result; fails the other run as a driver does.
      const selector = factory.worker(QueueName.Runs, async (job) => {
        const id = runIdOf(RunSpec.parse((job.data as { spec: unknown }).spec));
        if (id === failing) {
          await runs.finish(id, 'FAILED', 'the teacher diverged');
          throw new Error('the teacher diverged');
        }
        await job.updateProgress(PROGRESS);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await succeeded(id);
        return (await client.follow(id)) satisfies RunResult; // the stored result, as the driver summarises it
      }, { concurrency: 2 });
      try {
        const result = await following;
        assert.equal(result.runId, runId);
        assert.deepEqual(seen.at(-1), PROGRESS);
        await assert.rejects(client.follow(failing), (error: unknown) => error instanceof RunFailedError && error.reason === 'the teacher diverged');
      } finally {
        await selector.close();
      }
    });

    it('watch: the state first, progress as reported, and the change to CANCELLED', async () => {
      const { runId } = await client.submit(spec(12));
      await runs.startStage(runId, 'teacher');
      const events: RunEvent[] = [];
      const unwatch = client.watch(runId, (event) => events.push(event), { everyMs: 100 });
      try {
        await until('the first state', async () => (events.length > 0 ? true : undefined), 10_000);
        assert.deepEqual(events[0], { type: 'state', runId, state: 'RUNNING', stage: 'teacher', error: null });
        const progress: RunProgress = { stage: 'teacher', stageIndex: 0, stageCount: 4, done: 3, total: 9, finished: [] };
        await runs.saveProgress(runId, progress); // as a driver stores it (no job events here)
        await until('the stored progress', async () => (events.some((e) => e.type === 'progress') ? true : undefined), 10_000);
        assert.deepEqual(events.find((e) => e.type === 'progress'), { type: 'progress', runId, progress });
        await client.cancel(runId);
        await until('the cancel', async () => (events.some((e) => e.type === 'state' && e.state === 'CANCELLED') ? true : undefined), 10_000);
        assert.deepEqual(events.at(-1), { type: 'state', runId, state: 'CANCELLED', stage: 'teacher', error: null });
        assert.equal(events.filter((e) => e.type === 'state').length, 2, 'a state is told once per change');
      } finally {
        unwatch();
      }
    });
  });

  it('lists through the read model, refusing a bad query naming the field', async () => {
    const page = await client.list({ dataset: DATASET, strategy: 'tr', state: 'CANCELLED' });
    assert.ok(page.total >= 1 && page.runs.every((run) => run.state === 'CANCELLED' && run.spec.strategy === 'tr'));
    await assert.rejects(client.list({ limit: 1000 }), (error: unknown) => error instanceof ContractViolation && /limit/.test(error.message));
    await assert.rejects(client.view('no-such-run'), RunNotFoundError);
  });
});
