import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueueName, RunJob, runIdOf, runJobId, RunProgress, RunResult, stagesOf, type RunSpec } from '@alkdrec/contracts';
import { letWaitsSettle, QueueFactory, startRedisServer, submitJob, uniquePrefix, until, watchJobProgress, type OwnRedisServer } from '@alkdrec/service-kit';
import type { Queue, QueueEvents } from 'bullmq';
import { CliError, ExitCode } from '../cli-error';
import { followRun } from './follow-run';

const SPEC: RunSpec = { dataset: 'movielens-hetrec2011', backbone: 'fpmc', strategy: 'tr', provider: 'replay', budget: 500, seed: 3 };
const METRICS = { recall5: 0.01, ndcg5: 0.005, recall10: 0.02, ndcg10: 0.008 };
const RESULT: RunResult = RunResult.parse({
  runId: runIdOf(SPEC),
  spec: SPEC,
  stages: stagesOf('tr').map((name) => ({ name, wallMs: 1, attempts: 1, resumed: false, detail: name })),
  student: { modelId: 'S', test: METRICS },
  teacher: { modelId: 'T', test: METRICS },
  distilled: { modelId: 'D', test: METRICS },
  pool: null,
  llm: { selected: 0, outcomes: {}, calls: 0, cachedCalls: 0, requests: 0, answers: 0, lost: 0, openReservations: 0, faults: {}, costUsd: 0, lostUsd: 0 },
  wallMs: 10,
});
const PROGRESS: RunProgress = { stage: 'teacher', stageIndex: 0, stageCount: 4, done: 1, total: 2, finished: [] };

/**
 * `alkdrec run` following its run while Redis is lost: a redis-server of the test's own is
 * SIGKILLed and started again empty on the same port. The test plays the selector's re-driver (it
 * adds the run's job again) and a selector driving it; without a re-drive the command must end
 * clearly instead of waiting forever.
 */
describe(followRun.name, { timeout: 60_000 }, () => {
  let redis: OwnRedisServer;
  let factory: QueueFactory;
  let queue: Queue;
  let events: QueueEvents;

  before(async () => {
    redis = await startRedisServer();
    factory = new QueueFactory({ redisUrl: redis.url, prefix: uniquePrefix('follow-run') }, { error: () => undefined });
    queue = factory.queue(QueueName.Runs);
    events = factory.queueEvents(QueueName.Runs);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  });
  after(async () => {
    await Promise.allSettled([events?.close(), queue?.close()]);
    await redis?.kill();
  });

  it("says Redis lost the run's job, follows the re-driven job, shows its progress again and returns its result", async () => {
    const jobId = runJobId(runIdOf(SPEC));
    const notes: string[] = [];
    const progress: RunProgress[] = [];
    const unwatch = watchJobProgress(events, jobId, (p) => progress.push(p), RunProgress);
    const { job } = await submitJob(queue, RunJob.Run, { spec: SPEC }, jobId);
    const following = followRun(job, { queue, events, runId: runIdOf(SPEC), redriveWaitMs: 30_000, note: (text) => notes.push(text), checkEveryMs: 100 });
    try {
      await letWaitsSettle();
      await redis.restartEmpty();
      await until('the note that Redis lost the job', async () => (notes.some((n) => n.startsWith("Redis lost the run's job")) ? true : undefined), 20_000);
      assert.equal(progress.length, 0);

      // The selector's re-driver adds the job again; a selector drives it.
      await submitJob(queue, RunJob.Run, { spec: SPEC }, jobId);
      const selector = factory.worker(
        QueueName.Runs,
        async (driven) => {
          await driven.updateProgress(PROGRESS);
          return RESULT;
        },
        { concurrency: 1 },
      );
      try {
        assert.deepEqual(await following, RESULT);
      } finally {
        await selector.close();
      }
      await until('the progress of the re-driven job', async () => (progress.length > 0 ? true : undefined), 20_000);
      assert.deepEqual(progress, [PROGRESS]);
      assert.match(notes.find((n) => n.startsWith("Redis lost the run's job")) ?? '', /waiting up to 30 s for the selector to re-drive it from PostgreSQL/);
      assert.ok(notes.includes(`the selector re-drove run ${runIdOf(SPEC)}; following it again`), notes.join('\n'));
    } finally {
      unwatch();
    }
  });

  it('ends with exit code 5 and says the same command resumes the run when no selector re-drives it', async () => {
    const spec: RunSpec = { ...SPEC, seed: 4 };
    const { job } = await submitJob(queue, RunJob.Run, { spec }, runJobId(runIdOf(spec)));
    const notes: string[] = [];
    const following = followRun(job, { queue, events, runId: runIdOf(spec), redriveWaitMs: 1_000, note: (text) => notes.push(text), checkEveryMs: 100 });
    await letWaitsSettle();
    await redis.restartEmpty();
    await assert.rejects(following, (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.equal(error.exitCode, ExitCode.JobLost);
      assert.match(error.message, /^Redis lost run movielens-hetrec2011\.fpmc\.tr\.no-llm\.all\.s4's job and no selector re-drove it within 1 s\./);
      assert.match(error.message, /run the same command again to resume it/);
      return true;
    });
    assert.equal(notes.filter((n) => n.startsWith("Redis lost the run's job")).length, 1);
  });
});
