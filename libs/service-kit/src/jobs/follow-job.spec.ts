import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueueName, TrainerJob, TrainResult, type TrainerProgress } from '@alkdrec/contracts';
import { QueueFactory } from '../bullmq/queue-factory';
import { deleteKeysByPrefix } from '../testing/delete-keys-by-prefix';
import { letWaitsSettle } from '../testing/redis-server';
import { type Processor, type Queue, type QueueEvents, UnrecoverableError, type Worker } from 'bullmq';
import { followJob, waitForResult } from './follow-job';
import { JobFailedError } from './job-failed-error';
import { JobVanishedError } from './job-vanished-error';
import { submitJob } from './submit-job';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const RESULT: TrainResult = {
  modelId: 'fpmc-student-test',
  steps: 60,
  bestStep: 40,
  bestValidRecall: 0.02,
  wallMs: 1234,
  backend: 'cpu',
  reused: false,
  test: { recall5: 0.01, ndcg5: 0.005, recall10: 0.02, ndcg10: 0.008 },
};

/**
 * The CLI's job plumbing against a real Redis and a real BullMQ Worker whose processor stands in
 * for the trainer (no TensorFlow): progress reaches the caller, results and failures come back.
 */
describe('following trainer jobs through BullMQ', () => {
  let factory: QueueFactory;
  let queue: Queue;
  let events: QueueEvents;
  let worker: Worker;
  let behaviour: Processor = async () => RESULT;

  before(async () => {
    const prefix = `test-cli-follow-${process.pid}-${Date.now().toString(36)}`;
    factory = new QueueFactory({ redisUrl: REDIS_URL, prefix }, { error: () => undefined });
    queue = factory.queue(QueueName.Trainer, { attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    events = factory.queueEvents(QueueName.Trainer);
    await events.waitUntilReady();
    worker = factory.worker(QueueName.Trainer, (job, token) => behaviour(job, token), { concurrency: 1 });
    await worker.waitUntilReady();
  });

  after(async () => {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await deleteKeysByPrefix(REDIS_URL, factory.settings.prefix);
  });

  it('reports every progress update in order and returns the parsed result', async () => {
    behaviour = async (job) => {
      for (let done = 20; done <= 60; done += 20) {
        const progress: TrainerProgress = { phase: 'training', done, total: 60, validRecall: done / 1000, bestValidRecall: 0.02 };
        await job.updateProgress(progress);
        await new Promise((r) => setTimeout(r, 20));
      }
      await job.updateProgress({ phase: 'done', done: 1, total: 1 });
      return RESULT;
    };
    const seen: TrainerProgress[] = [];
    const { job, origin } = await submitJob(queue, TrainerJob.Train, { any: 'payload' }, 'train-progress-1');
    assert.equal(origin, 'added');
    const result = await followJob({ job, queue, events }, { result: TrainResult, onProgress: (p) => seen.push(p) });
    assert.deepEqual(result, RESULT);
    assert.deepEqual(
      seen.map((p) => `${p.phase}:${p.done}`),
      ['training:20', 'training:40', 'training:60', 'done:1'],
    );
    assert.equal(seen[1]?.validRecall, 0.04);
  });

  it('ignores progress that does not match the contract', async () => {
    behaviour = async (job) => {
      await job.updateProgress(42);
      await job.updateProgress({ phase: 'training', done: 1, total: 2 });
      return RESULT;
    };
    const seen: TrainerProgress[] = [];
    const { job } = await submitJob(queue, TrainerJob.Train, {}, 'train-progress-2');
    await followJob({ job, queue, events }, { result: TrainResult, onProgress: (p) => seen.push(p) });
    assert.deepEqual(seen, [{ phase: 'training', done: 1, total: 2 }]);
  });

  it('runs a completed job id again instead of trusting its stored result (the database decides reuse)', async () => {
    let runs = 0;
    behaviour = async () => {
      runs += 1;
      return RESULT;
    };
    const first = await submitJob(queue, TrainerJob.Train, {}, 'train-again');
    await followJob({ job: first.job, queue, events }, { result: TrainResult });
    const again = await submitJob(queue, TrainerJob.Train, {}, 'train-again');
    assert.equal(again.origin, 'added');
    assert.deepEqual(await followJob({ job: again.job, queue, events }, { result: TrainResult }), RESULT);
    assert.equal(runs, 2);
  });

  it('joins a job that is already running instead of adding a second', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    behaviour = async () => {
      await gate;
      return RESULT;
    };
    const first = await submitJob(queue, TrainerJob.Train, {}, 'train-join');
    const second = await submitJob(queue, TrainerJob.Train, {}, 'train-join');
    assert.equal(second.origin, 'joined');
    assert.equal(second.job.id, first.job.id);
    release();
    assert.deepEqual(await followJob({ job: second.job, queue, events }, { result: TrainResult }), RESULT);
  });

  it('survives a retried attempt and returns the later success', async () => {
    behaviour = async (job) => {
      if (job.attemptsMade === 0) throw new Error('transient: database restarting');
      return RESULT;
    };
    const { job } = await submitJob(queue, TrainerJob.Train, {}, 'train-retry');
    assert.deepEqual(await followJob({ job, queue, events }, { result: TrainResult }), RESULT);
  });

  it('fails with the job reason once the job failed for good', async () => {
    behaviour = async () => {
      throw new UnrecoverableError('dataset "nope" not found');
    };
    const { job } = await submitJob(queue, TrainerJob.Train, {}, 'train-fails');
    await assert.rejects(followJob({ job, queue, events }, { result: TrainResult }), (error: unknown) => {
      assert.ok(error instanceof JobFailedError);
      assert.equal(error.reason, 'dataset "nope" not found');
      assert.equal(error.attemptsMade, 1);
      assert.match(error.message, /job train \(train-fails\) failed after 1 attempt: dataset "nope" not found/);
      return true;
    });
  });

  it('submits a failed job again with its attempts back', async () => {
    let calls = 0;
    behaviour = async () => {
      calls += 1;
      if (calls === 1) throw new UnrecoverableError('first run fails');
      return RESULT;
    };
    const first = await submitJob(queue, TrainerJob.Train, {}, 'train-resubmit');
    await assert.rejects(followJob({ job: first.job, queue, events }, { result: TrainResult }), JobFailedError);
    const second = await submitJob(queue, TrainerJob.Train, {}, 'train-resubmit');
    assert.equal(second.origin, 'added');
    assert.deepEqual(await followJob({ job: second.job, queue, events }, { result: TrainResult }), RESULT);
  });

  it('rejects a result that breaks the contract', async () => {
    behaviour = async () => ({ modelId: 'x' });
    const { job } = await submitJob(queue, TrainerJob.Train, {}, 'train-bad-result');
    await assert.rejects(followJob({ job, queue, events }, { result: TrainResult }), /train result: steps/);
  });

  // Without the state checks this wait never settled (BullMQ's waitUntilFinished only listens for
  // events): the test's own timeout is what would end it.
  it('rejects with JobVanishedError, naming queue and job, when the job disappears while waited for', { timeout: 10_000 }, async () => {
    // Delayed far ahead, so the worker never takes it; removing it is what a Redis flush does to it.
    const job = await queue.add(TrainerJob.Train, {}, { jobId: 'train-vanishes', delay: 600_000 });
    const waiting = waitForResult({ job, queue, events }, TrainResult, { checkEveryMs: 50 });
    await letWaitsSettle();
    await job.remove();
    await assert.rejects(waiting, (error: unknown) => {
      assert.ok(error instanceof JobVanishedError);
      assert.equal(error.queue, QueueName.Trainer);
      assert.equal(error.jobId, 'train-vanishes');
      assert.match(error.message, /job train-vanishes vanished from queue alkdrec\.trainer: Redis no longer has it/);
      return true;
    });
  });

  it('stops waiting when its signal aborts, with the signal\'s reason', async () => {
    const job = await queue.add(TrainerJob.Train, {}, { jobId: 'train-aborted-wait', delay: 600_000 });
    const controller = new AbortController();
    const waiting = waitForResult({ job, queue, events }, TrainResult, { signal: controller.signal });
    controller.abort(new Error('driver stopped'));
    await assert.rejects(waiting, /driver stopped/);
    await job.remove();
  });
});
