import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueName } from '@alkdrec/contracts';
import { DelayedError, type Job, type Queue, type QueueEvents } from 'bullmq';
import { captureNestLogs, messageOf } from '../testing/capture-nest-logs';
import { deleteKeysByPrefix } from '../testing/delete-keys-by-prefix';
import { uniquePrefix } from '../testing/unique-prefix';
import { QueueFactory } from './queue-factory';
import { QUEUE_TUNING, type QueueTuning } from './queue-tuning';
import { WorkerHost } from './worker-host.service';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

// A sandboxed processor like the trainer's: default export of an async function of the job.
const FIXTURE = `
const { threadId } = require('node:worker_threads');
module.exports.default = async function (job) {
  await job.updateProgress({ phase: 'started' });
  if (job.data.sleepMs) await new Promise((r) => setTimeout(r, job.data.sleepMs));
  if (job.data.busyMs) { const end = Date.now() + job.data.busyMs; while (Date.now() < end) {} }
  return { threadId, fixtureEnv: process.env.FIXTURE_ENV, doubled: job.data.n * 2 };
};
`;

const tuning: QueueTuning = { ...QUEUE_TUNING[QueueName.Trainer], attempts: 2, backoff: { type: 'fixed', delayMs: 60_000 } };

describe(WorkerHost.name, () => {
  let dir: string;
  let processorFile: string;
  const logs = captureNestLogs();
  after(() => logs.restore());

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'worker-host-'));
    processorFile = join(dir, 'fixture.sandbox.js');
    writeFileSync(processorFile, FIXTURE);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function setup(graceMs: number) {
    const factory = new QueueFactory({ redisUrl: REDIS_URL, prefix: uniquePrefix('worker-host') }, { error: () => undefined });
    const name = QueueName.Trainer;
    const queue: Queue = factory.queue(name, { attempts: tuning.attempts, backoff: { type: 'fixed', delay: 60_000 } });
    const events: QueueEvents = factory.queueEvents(name);
    await events.waitUntilReady();
    const host = new WorkerHost(factory, { shutdownGraceMs: graceMs });
    host.startSandboxed(name, processorFile, tuning, { ...process.env, FIXTURE_ENV: 'from-host' });
    const cleanup = async () => {
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await deleteKeysByPrefix(REDIS_URL, factory.settings.prefix);
    };
    return { queue, events, host, cleanup };
  }

  async function waitForActive(queue: Queue, job: Job): Promise<void> {
    for (let i = 0; i < 200 && (await job.getState()) !== 'active'; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(await job.getState(), 'active');
  }

  it('runs the processor in a worker thread with the given env, keeping the event loop free', async () => {
    const { queue, events, host, cleanup } = await setup(5_000);
    try {
      // Measure the main thread's timer lag while the sandbox spins for 1.5 s.
      let worstGapMs = 0;
      let last = Date.now();
      const ticker = setInterval(() => {
        worstGapMs = Math.max(worstGapMs, Date.now() - last);
        last = Date.now();
      }, 20);
      const job = await queue.add('double', { n: 21, busyMs: 1_500 });
      const result = await job.waitUntilFinished(events, 20_000);
      clearInterval(ticker);
      assert.equal(result.doubled, 42);
      assert.equal(result.fixtureEnv, 'from-host');
      assert.notEqual(result.threadId, 0, 'ran on the main thread');
      assert.ok(worstGapMs < 500, `event loop blocked for ${worstGapMs} ms`);
      assert.equal(host.status().workers[0]?.running, true);
    } finally {
      await host.beforeApplicationShutdown('test');
      await cleanup();
    }
  });

  it('on shutdown lets an active job finish within the grace period', async () => {
    const { queue, host, cleanup } = await setup(10_000);
    try {
      const job = await queue.add('double', { n: 1, sleepMs: 600 });
      await waitForActive(queue, job);
      await host.beforeApplicationShutdown('SIGTERM');
      assert.equal(await job.getState(), 'completed');
      assert.equal(host.status().draining, true);
      assert.equal(host.status().workers[0]?.running, false);
    } finally {
      await cleanup();
    }
  });

  it('terminates a job that outlives the grace period, leaving it to be retried', async () => {
    const { queue, host, cleanup } = await setup(300);
    try {
      const job = await queue.add('double', { n: 1, busyMs: 30_000 });
      await waitForActive(queue, job);
      const started = Date.now();
      await host.beforeApplicationShutdown('SIGTERM');
      assert.ok(Date.now() - started < 10_000, 'shutdown waited for the whole job');
      const state = await job.getState();
      assert.ok(['delayed', 'waiting', 'wait'].includes(state), `job is ${state}, expected it queued for a retry`);
      assert.ok(
        logs.entries.some((e) => e.level === 'warn' && messageOf(e).includes('grace period over')),
        'the forced shutdown was not logged',
      );
      assert.ok(
        logs.entries.some((e) => e.level === 'warn' && messageOf(e).includes('failed, will retry')),
        'the interrupted attempt was not logged as retried',
      );
    } finally {
      await cleanup();
    }
  });

  it('calls onDrain first, and does not wait for an inline job that handed itself back (no event for it)', async () => {
    const factory = new QueueFactory({ redisUrl: REDIS_URL, prefix: uniquePrefix('worker-host-inline') }, { error: () => undefined });
    const queue: Queue = factory.queue(QueueName.Runs);
    const host = new WorkerHost(factory, { shutdownGraceMs: 30_000 });
    const draining = new AbortController();
    host.startInline(
      QueueName.Runs,
      async (job, token) => {
        // Waits "on another service" until the drain starts, then goes back to the queue.
        await new Promise((resolve) => draining.signal.addEventListener('abort', resolve, { once: true }));
        await job.moveToDelayed(Date.now() + 60_000, token);
        throw new DelayedError();
      },
      { ...QUEUE_TUNING[QueueName.Runs], concurrency: 1 },
      { onDrain: () => draining.abort() },
    );
    try {
      const job = await queue.add('run', {});
      await waitForActive(queue, job);
      assert.deepEqual(host.status().workers[0]?.activeJobs, [job.id]);
      const started = Date.now();
      await host.beforeApplicationShutdown('SIGTERM');
      assert.ok(Date.now() - started < 10_000, `shutdown took ${Date.now() - started} ms: it waited out the grace period`);
      assert.equal(await job.getState(), 'delayed');
      assert.equal((await queue.getJob(job.id as string))?.attemptsMade, 0);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await deleteKeysByPrefix(REDIS_URL, factory.settings.prefix);
    }
  });

  it('refuses to start workers while shutting down', async () => {
    const { host, cleanup } = await setup(100);
    await host.beforeApplicationShutdown();
    try {
      assert.throws(() => host.startSandboxed(QueueName.Trainer, processorFile, tuning), /shutting down/);
    } finally {
      await cleanup();
    }
  });
});
