import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueueName, RunJob, runIdOf, RunProgress, RunResult, RunSpec, stagesOf } from '@alkdrec/contracts';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import type { Queue, QueueEvents } from 'bullmq';
import { QueueFactory } from '../bullmq/queue-factory';
import { submitJob } from '../jobs/submit-job';
import { letWaitsSettle, startRedisServer, type OwnRedisServer } from '../testing/redis-server';
import { uniquePrefix } from '../testing/unique-prefix';
import { until } from '../testing/until';
import { RunClient } from './run-client';
import { RunJobLostError } from './run-errors';

const DATASET = 'follow-run-test';
const METRICS = { recall5: 0.01, ndcg5: 0.005, recall10: 0.02, ndcg10: 0.008 };
const PROGRESS: RunProgress = { stage: 'teacher', stageIndex: 0, stageCount: 4, done: 1, total: 2, finished: [] };

function resultOf(spec: RunSpec): RunResult {
  return RunResult.parse({
    runId: runIdOf(spec),
    spec,
    stages: stagesOf('tr').map((name) => ({ name, wallMs: 1, attempts: 1, resumed: false, detail: name })),
    student: { modelId: 'S', test: METRICS },
    teacher: { modelId: 'T', test: METRICS },
    distilled: { modelId: 'D', test: METRICS },
    pool: null,
    llm: { selected: 0, outcomes: {}, calls: 0, cachedCalls: 0, requests: 0, answers: 0, lost: 0, openReservations: 0, faults: {}, costUsd: 0, lostUsd: 0 },
    wallMs: 10,
  });
}

/**
 * RunClient.follow while Redis is lost: a redis-server of the test's own is SIGKILLed and started
 * again empty on the same port. The test plays the selector's re-driver (it adds the run's job
 * again) and a selector driving it; without a re-drive the follow must end clearly instead of
 * waiting forever.
 */
describe('RunClient.follow across a Redis loss', { timeout: 60_000 }, () => {
  let redis: OwnRedisServer;
  let db: TestDatabase;
  let factory: QueueFactory;
  let queue: Queue;
  let collect: Queue;
  let events: QueueEvents;
  let client: RunClient;

  before(async () => {
    redis = await startRedisServer();
    db = await createTestDatabase();
    await db.prisma.dataset.create({
      data: { name: DATASET, itemCount: 10, rowCount: 0, droppedRows: 0, droppedItems: 0, trainCount: 0, validCount: 0, testCount: 0, source: {} },
    });
    factory = new QueueFactory({ redisUrl: redis.url, prefix: uniquePrefix('follow-run') }, { error: () => undefined });
    queue = factory.queue(QueueName.Runs);
    events = factory.queueEvents(QueueName.Runs);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    collect = factory.queue(QueueName.RankingCollect);
    client = new RunClient({ prisma: db.prisma, queues: { get: (name) => (name === QueueName.Runs ? queue : collect) }, events }, { checkEveryMs: 100, redriveWaitMs: 30_000 });
  });
  after(async () => {
    await Promise.allSettled([events?.close(), queue?.close(), collect?.close()]);
    await redis?.kill();
    await db?.drop();
  });

  it("says Redis lost the run's job, follows the re-driven job, shows its progress again and returns its result", async () => {
    const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed: 3 });
    const { runId, jobId } = await client.submit(spec);
    const notes: string[] = [];
    const progress: RunProgress[] = [];
    const following = client.follow(runId, { onNote: (text) => notes.push(text), onProgress: (p) => progress.push(p) });
    await letWaitsSettle();
    await redis.restartEmpty();
    await until('the note that Redis lost the job', async () => (notes.some((n) => n.startsWith("Redis lost the run's job")) ? true : undefined), 20_000);
    assert.equal(progress.length, 0);

    // The selector's re-driver adds the job again; a selector drives it.
    await submitJob(queue, RunJob.Run, { spec }, jobId);
    const selector = factory.worker(
      QueueName.Runs,
      async (driven) => {
        await driven.updateProgress(PROGRESS);
        return resultOf(spec);
      },
      { concurrency: 1 },
    );
    try {
      assert.deepEqual(await following, resultOf(spec));
    } finally {
      await selector.close();
    }
    assert.deepEqual(progress, [PROGRESS]);
    assert.match(notes.find((n) => n.startsWith("Redis lost the run's job")) ?? '', /waiting up to 30 s for the selector to re-drive it from PostgreSQL/);
    assert.ok(notes.includes(`the selector re-drove run ${runId}; following it again`), notes.join('\n'));
  });

  it('fails with RunJobLostError, naming the run and the wait, when no selector re-drives it', async () => {
    const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed: 4 });
    const { runId } = await client.submit(spec);
    const notes: string[] = [];
    const short = new RunClient({ prisma: db.prisma, queues: { get: () => queue }, events }, { checkEveryMs: 100, redriveWaitMs: 1_000 });
    const following = short.follow(runId, { onNote: (text) => notes.push(text) });
    await letWaitsSettle();
    await redis.restartEmpty();
    await assert.rejects(following, (error: unknown) => {
      assert.ok(error instanceof RunJobLostError);
      assert.equal(error.runId, runId);
      assert.equal(error.message, `Redis lost run ${runId}'s job and no selector re-drove it within 1 s`);
      return true;
    });
    assert.equal(notes.filter((n) => n.startsWith("Redis lost the run's job")).length, 1);
  });
});
