import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueueName, TrainerJob, TrainResult, type TrainerProgress } from '@alkdrec/contracts';
import type { Queue, QueueEvents, Worker } from 'bullmq';
import { QueueFactory } from '../bullmq/queue-factory';
import { letWaitsSettle, startRedisServer, type OwnRedisServer } from '../testing/redis-server';
import { uniquePrefix } from '../testing/unique-prefix';
import { until } from '../testing/until';
import { watchJobProgress, waitForResult } from './follow-job';
import { JobVanishedError } from './job-vanished-error';
import { waitForJob } from './wait-for-job';

const RESULT: TrainResult = {
  modelId: 'fpmc-student-redis-lost',
  steps: 2,
  bestStep: 2,
  bestValidRecall: 0.02,
  wallMs: 5,
  backend: 'cpu',
  reused: false,
  test: { recall5: 0.01, ndcg5: 0.005, recall10: 0.02, ndcg10: 0.008 },
};

/**
 * Redis lost: a redis-server of the test's own is SIGKILLed and started again empty on the same port
 * (no persistence), under the same Queue, QueueEvents and Worker objects the services use (from
 * QueueFactory). Waiting sides must notice; the event stream and workers must carry on.
 */
describe('waiting on jobs across a Redis restart that loses them', { timeout: 60_000 }, () => {
  let redis: OwnRedisServer;
  let factory: QueueFactory;
  let queue: Queue;
  let events: QueueEvents;
  const logged: { level: 'error' | 'warn'; entry: Record<string, unknown> }[] = [];

  before(async () => {
    redis = await startRedisServer();
    factory = new QueueFactory(
      { redisUrl: redis.url, prefix: uniquePrefix('redis-lost') },
      {
        error: (entry) => logged.push({ level: 'error', entry: entry as Record<string, unknown> }),
        warn: (entry) => logged.push({ level: 'warn', entry: entry as Record<string, unknown> }),
      },
    );
    queue = factory.queue(QueueName.Trainer);
    events = factory.queueEvents(QueueName.Trainer);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  });
  after(async () => {
    await Promise.allSettled([events?.close(), queue?.close()]);
    await redis?.kill();
  });

  it('rejects a wait on a job Redis lost with JobVanishedError once Redis is back', { timeout: 20_000 }, async () => {
    const job = await queue.add(TrainerJob.Train, {}, { jobId: 'train-lost' });
    const waiting = waitForJob({ job, queue, events }, { checkEveryMs: 200 });
    await letWaitsSettle();
    await redis.restartEmpty();
    await assert.rejects(waiting, (error: unknown) => error instanceof JobVanishedError && error.jobId === 'train-lost');
  });

  it('delivers progress and completion of a job added after the restart to the event stream opened before it', async () => {
    // The events object above has lived through the restart(s): its XREAD resumes on the new server.
    const job = await queue.add(TrainerJob.Train, {}, { jobId: 'train-after-restart' });
    const seen: TrainerProgress[] = [];
    const unwatch = watchJobProgress(events, 'train-after-restart', (p) => seen.push(p));
    const worker = factory.worker(
      QueueName.Trainer,
      async (running) => {
        await running.updateProgress({ phase: 'training', done: 1, total: 2 } satisfies TrainerProgress);
        return RESULT;
      },
      { concurrency: 1 },
    );
    try {
      assert.deepEqual(await waitForResult({ job, queue, events }, TrainResult), RESULT);
      // Progress has no other way here than the event stream.
      await until('the progress event', async () => (seen.length > 0 ? true : undefined), 20_000);
      assert.deepEqual(seen, [{ phase: 'training', done: 1, total: 2 }]);
    } finally {
      unwatch();
      await worker.close();
    }
  });

  it('a worker whose running job Redis lost warns once about it and goes on with the next job', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ran: string[] = [];
    const worker: Worker = factory.worker(
      QueueName.Trainer,
      async (running) => {
        ran.push(running.id as string);
        if (running.id === 'train-in-flight') await gate;
        return RESULT;
      },
      // The lock extender runs every 2.5 s: it, too, finds the lost job's lock gone.
      { concurrency: 2, lockDuration: 5_000 },
    );
    try {
      await queue.add(TrainerJob.Train, {}, { jobId: 'train-in-flight' });
      await until('the in-flight job to start', async () => (ran.includes('train-in-flight') ? true : undefined), 20_000);
      await redis.restartEmpty();
      await until('the lost lock to be noticed', async () => (logged.some((l) => l.entry['jobId'] === 'train-in-flight') ? true : undefined), 20_000);
      release(); // its handler finishes now: BullMQ cannot move it to completed (Missing key)
      const next = await queue.add(TrainerJob.Train, {}, { jobId: 'train-next' });
      assert.deepEqual(await waitForResult({ job: next, queue, events }, TrainResult), RESULT);

      const aboutLost = logged.filter((l) => JSON.stringify(l.entry).includes('train-in-flight'));
      assert.equal(aboutLost.length, 1, JSON.stringify(aboutLost));
      assert.equal(aboutLost[0]?.level, 'warn');
      assert.match(String(aboutLost[0]?.entry['msg']), /job train-in-flight is no longer this worker's in Redis/);
    } finally {
      await worker.close(true);
    }
  });
});
