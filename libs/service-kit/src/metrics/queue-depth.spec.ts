import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Queue } from 'bullmq';
import { captureNestLogs, messageOf } from '../testing/capture-nest-logs';
import { parseExposition, samplesOf, sumOf } from './exposition';
import { QUEUE_BACKLOG_STATES, QUEUE_JOB_STATES } from './metric-catalogue';
import { backlogOf, QueueDepthCollector } from './queue-depth';
import { ServiceMetrics } from './service-metrics';

/** A stand-in queue: counts its reads, answers with `counts`, or fails / hangs when told to. */
function fakeQueue(name: string, counts: Record<string, number>) {
  const queue = {
    name,
    reads: 0,
    mode: 'answer' as 'answer' | 'fail' | 'hang',
    getJobCounts: async (...types: string[]) => {
      queue.reads++;
      if (queue.mode === 'fail') throw new Error('Connection is closed.');
      if (queue.mode === 'hang') return new Promise<never>(() => undefined);
      return Object.fromEntries(types.filter((t) => t in counts).map((t) => [t, counts[t]]));
    },
  };
  return queue;
}

async function scrape(metrics: ServiceMetrics) {
  return parseExposition(await metrics.render());
}

describe(QueueDepthCollector.name, () => {
  it('reports every state of every queue, zero for states without jobs', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    const a = fakeQueue('alkdrec.trainer', { wait: 3, delayed: 2, prioritized: 1, completed: 7 });
    new QueueDepthCollector(metrics, [a as unknown as Queue], { cacheMs: 0, timeoutMs: 500 }).register();
    const exposition = await scrape(metrics);
    assert.equal(samplesOf(exposition, 'alkdrec_queue_jobs').length, QUEUE_JOB_STATES.length);
    assert.equal(sumOf(exposition, 'alkdrec_queue_jobs', { queue: 'alkdrec.trainer', state: 'wait' }), 3);
    assert.equal(sumOf(exposition, 'alkdrec_queue_jobs', { queue: 'alkdrec.trainer', state: 'completed' }), 7);
    assert.equal(sumOf(exposition, 'alkdrec_queue_jobs', { queue: 'alkdrec.trainer', state: 'failed' }), 0);
  });

  it('reads Redis once per queue within the cache time, however many scrapes, and again after it', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    const a = fakeQueue('q', { wait: 1 });
    let now = 1_000;
    new QueueDepthCollector(metrics, [a as unknown as Queue], { cacheMs: 5_000, timeoutMs: 500 }, () => now).register();
    await Promise.all([scrape(metrics), scrape(metrics), scrape(metrics)]);
    now += 4_999;
    await scrape(metrics);
    assert.equal(a.reads, 1);
    now += 1;
    await scrape(metrics);
    assert.equal(a.reads, 2);
  });

  it('leaves out a queue it cannot read (refused or hung), keeps the others, logs once, and recovers', async () => {
    const logs = captureNestLogs();
    try {
      const metrics = new ServiceMetrics({ defaultMetrics: false });
      const good = fakeQueue('good', { wait: 4 });
      const bad = fakeQueue('bad', { wait: 9 });
      new QueueDepthCollector(metrics, [good, bad] as unknown as Queue[], { cacheMs: 0, timeoutMs: 200 }).register('depth');
      assert.equal(sumOf(await scrape(metrics), 'alkdrec_queue_jobs', { queue: 'bad', state: 'wait' }), 9);

      bad.mode = 'fail';
      let exposition = await scrape(metrics);
      assert.deepEqual(samplesOf(exposition, 'alkdrec_queue_jobs', { queue: 'bad' }), [], 'old counts must not be shown');
      assert.equal(sumOf(exposition, 'alkdrec_queue_jobs', { queue: 'good', state: 'wait' }), 4);
      bad.mode = 'hang';
      exposition = await scrape(metrics);
      assert.deepEqual(samplesOf(exposition, 'alkdrec_queue_jobs', { queue: 'bad' }), []);
      const warnings = logs.entries.filter((e) => e.level === 'warn').map(messageOf);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0] as string, /alkdrec_queue_jobs \(depth\) failed; .*bad: Connection is closed/);

      bad.mode = 'answer';
      exposition = await scrape(metrics);
      assert.equal(sumOf(exposition, 'alkdrec_queue_jobs', { queue: 'bad', state: 'wait' }), 9);
      // Metrics render concurrently: a failure shows in the error counter from the next scrape on.
      assert.equal(sumOf(exposition, 'alkdrec_metrics_collect_errors_total', { collector: 'depth' }), 2);
      assert.ok(logs.entries.some((e) => /works again/.test(messageOf(e))));
    } finally {
      logs.restore();
    }
  });

  it('reports the backlog as wait + prioritized + delayed, per queue, from the one read of the scrape', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    const trainer = fakeQueue('alkdrec.trainer', { wait: 3, prioritized: 1, delayed: 2, paused: 50, active: 7, 'waiting-children': 9, completed: 11, failed: 13 });
    const ranking = fakeQueue('alkdrec.llm.ranking', { active: 4 });
    // cacheMs 0: nothing is reused between scrapes, so one read per queue proves the gauges share it.
    new QueueDepthCollector(metrics, [trainer, ranking] as unknown as Queue[], { cacheMs: 0, timeoutMs: 500 }).register();
    const exposition = await scrape(metrics);
    assert.equal(trainer.reads, 1, 'alkdrec_queue_jobs and alkdrec_queue_backlog come from one getJobCounts per queue and scrape');
    assert.equal(exposition.types.get('alkdrec_queue_backlog'), 'gauge');
    assert.equal(sumOf(exposition, 'alkdrec_queue_backlog', { queue: 'alkdrec.trainer' }), 6);
    assert.equal(sumOf(exposition, 'alkdrec_queue_backlog', { queue: 'alkdrec.llm.ranking' }), 0, 'active jobs are not backlog');
    const statesSum = QUEUE_BACKLOG_STATES.reduce((sum, state) => sum + sumOf(exposition, 'alkdrec_queue_jobs', { queue: 'alkdrec.trainer', state }), 0);
    assert.equal(statesSum, 6, 'the backlog equals the sum of its states on the same page');
  });

  it('counts only jobs not yet started: never paused, active, waiting-children or finished jobs', () => {
    const zero = Object.fromEntries(QUEUE_JOB_STATES.map((state) => [state, 0])) as Record<(typeof QUEUE_JOB_STATES)[number], number>;
    assert.equal(backlogOf({ ...zero, wait: 1, prioritized: 10, delayed: 100 }), 111);
    assert.equal(backlogOf({ ...zero, paused: 1, active: 1, 'waiting-children': 1, completed: 1, failed: 1 }), 0);
  });

  it('leaves out the backlog of a queue it cannot read, with one warning and one error count per scrape', async () => {
    const logs = captureNestLogs();
    try {
      const metrics = new ServiceMetrics({ defaultMetrics: false });
      const good = fakeQueue('good', { wait: 4 });
      const bad = fakeQueue('bad', { delayed: 9 });
      new QueueDepthCollector(metrics, [good, bad] as unknown as Queue[], { cacheMs: 0, timeoutMs: 200 }).register('depth');
      assert.equal(sumOf(await scrape(metrics), 'alkdrec_queue_backlog', { queue: 'bad' }), 9);
      bad.mode = 'fail';
      await scrape(metrics);
      const exposition = await scrape(metrics);
      assert.deepEqual(samplesOf(exposition, 'alkdrec_queue_backlog', { queue: 'bad' }), [], 'an old backlog must not drive a scaler');
      assert.equal(sumOf(exposition, 'alkdrec_queue_backlog', { queue: 'good' }), 4);
      assert.equal(logs.entries.filter((e) => e.level === 'warn').length, 1);
      assert.equal(sumOf(exposition, 'alkdrec_metrics_collect_errors_total', { collector: 'depth' }), 1, 'counted by the job-count collector only');
    } finally {
      logs.restore();
    }
  });

  it('stops reading once unregistered, and shows nothing of those queues', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    const a = fakeQueue('q', { wait: 1 });
    const stop = new QueueDepthCollector(metrics, [a as unknown as Queue], { cacheMs: 0, timeoutMs: 500 }).register();
    await scrape(metrics);
    stop();
    const exposition = await scrape(metrics);
    assert.equal(a.reads, 1);
    assert.deepEqual(samplesOf(exposition, 'alkdrec_queue_jobs'), [], 'a queue no longer reported leaves no old counts behind');
    assert.deepEqual(samplesOf(exposition, 'alkdrec_queue_backlog'), []);
  });
});
