import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueueName } from '@alkdrec/contracts';
import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { jobOptionsFor, QUEUE_TUNING, type QueueTuning, resolveQueueTuning, tuningEnvShape, workerOptionsFor } from './queue-tuning';

describe('QUEUE_TUNING', () => {
  it('has a row for every queue, with distinct override prefixes', () => {
    const queues = Object.values(QueueName);
    assert.deepEqual(Object.keys(QUEUE_TUNING).sort(), [...queues].sort());
    const prefixes = queues.map((q) => QUEUE_TUNING[q].envPrefix);
    assert.equal(new Set(prefixes).size, prefixes.length);
  });

  it('keeps rows sane: locks outlive GC pauses, retries back off, finished jobs are bounded', () => {
    for (const [queue, row] of Object.entries(QUEUE_TUNING) as [string, QueueTuning][]) {
      assert.ok(row.concurrency >= 1, `${queue}: concurrency`);
      assert.ok(row.attempts >= 1, `${queue}: attempts`);
      assert.ok(row.lockDurationMs >= 30_000, `${queue}: lock duration`);
      assert.ok(row.attempts === 1 || row.backoff.delayMs > 0, `${queue}: retries need a backoff`);
      assert.ok(row.keepCompleted.count > 0 && row.keepCompleted.ageSeconds > 0, `${queue}: keepCompleted`);
      assert.ok(row.keepFailed.ageSeconds >= row.keepCompleted.ageSeconds, `${queue}: failures kept longer`);
    }
  });

  it('runs one training at a time per trainer by default', () => {
    assert.equal(QUEUE_TUNING[QueueName.Trainer].concurrency, 1);
  });
});

describe(resolveQueueTuning.name, () => {
  it('returns the table row when nothing is overridden', () => {
    assert.deepEqual(resolveQueueTuning(QueueName.Trainer, {}), QUEUE_TUNING[QueueName.Trainer]);
  });

  it('applies overrides from the environment', () => {
    const tuning = resolveQueueTuning(QueueName.Trainer, {
      TRAINER_CONCURRENCY: '2',
      TRAINER_ATTEMPTS: '5',
      TRAINER_BACKOFF_MS: '1000',
      TRAINER_LOCK_DURATION_MS: '60000',
      TRAINER_KEEP_COMPLETED: '10',
      TRAINER_KEEP_FAILED: '20',
    });
    assert.equal(tuning.concurrency, 2);
    assert.equal(tuning.attempts, 5);
    assert.deepEqual(tuning.backoff, { type: 'exponential', delayMs: 1000 });
    assert.equal(tuning.lockDurationMs, 60_000);
    assert.equal(tuning.keepCompleted.count, 10);
    assert.equal(tuning.keepFailed.count, 20);
    // Untouched fields keep the table's values.
    assert.equal(tuning.keepCompleted.ageSeconds, QUEUE_TUNING[QueueName.Trainer].keepCompleted.ageSeconds);
  });

  it('reports every bad override by name', () => {
    assert.throws(
      () => resolveQueueTuning(QueueName.Trainer, { TRAINER_CONCURRENCY: '0', TRAINER_LOCK_DURATION_MS: '100', TRAINER_ATTEMPTS: 'x' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const names = error.problems.map((p) => p.split(' ')[0]).sort();
        assert.deepEqual(names, ['TRAINER_ATTEMPTS', 'TRAINER_CONCURRENCY', 'TRAINER_LOCK_DURATION_MS']);
        return true;
      },
    );
  });
});

describe(tuningEnvShape.name, () => {
  it('extends a service schema with typed, defaulted fields', () => {
    const schema = z.object({ OTHER: z.string().default('x') }).extend(tuningEnvShape(QueueName.Trainer));
    const config = schema.parse({ TRAINER_CONCURRENCY: '3' });
    assert.equal(config.TRAINER_CONCURRENCY, 3);
    assert.equal(config.TRAINER_ATTEMPTS, QUEUE_TUNING[QueueName.Trainer].attempts);
  });
});

describe('job and worker options', () => {
  const tuning = resolveQueueTuning(QueueName.Trainer, { TRAINER_ATTEMPTS: '4', TRAINER_KEEP_FAILED: '7' });

  it('maps a row to BullMQ job options', () => {
    assert.deepEqual(jobOptionsFor(tuning), {
      attempts: 4,
      backoff: { type: 'exponential', delay: tuning.backoff.delayMs },
      removeOnComplete: { age: tuning.keepCompleted.ageSeconds, count: tuning.keepCompleted.count },
      removeOnFail: { age: tuning.keepFailed.ageSeconds, count: 7 },
    });
  });

  it('maps a row to BullMQ worker options', () => {
    assert.deepEqual(workerOptionsFor(tuning), {
      concurrency: tuning.concurrency,
      lockDuration: tuning.lockDurationMs,
      stalledInterval: Math.min(30_000, tuning.lockDurationMs),
      maxStalledCount: tuning.maxStalledCount,
    });
  });

  it('looks for stalled jobs as often as a short lock can expire, at most every 30 s', () => {
    assert.equal(workerOptionsFor({ ...tuning, lockDurationMs: 5_000 }).stalledInterval, 5_000);
    assert.equal(workerOptionsFor({ ...tuning, lockDurationMs: 120_000 }).stalledInterval, 30_000);
  });
});

describe('LLM queue tuning', () => {
  it('runs enough ranking calls at once to beat the provider latency, under a global limiter', () => {
    const row = QUEUE_TUNING[QueueName.LlmRanking];
    // 500 calls at 5.3 s in ≤ 90 s needs at least ~30 in flight.
    assert.ok(row.concurrency >= 40);
    assert.ok(row.limiter.max > 0 && row.limiter.durationMs > 0);
  });

  it('overrides the limiter from the environment and hands it to the worker', () => {
    const tuning = resolveQueueTuning(QueueName.LlmRanking, {
      LLM_RANKING_CONCURRENCY: '8',
      LLM_RANKING_RATE_LIMIT_MAX: '50',
      LLM_RANKING_RATE_LIMIT_DURATION_MS: '60000',
    });
    assert.deepEqual(tuning.limiter, { max: 50, durationMs: 60_000 });
    assert.deepEqual(workerOptionsFor(tuning), {
      concurrency: 8,
      lockDuration: tuning.lockDurationMs,
      stalledInterval: 30_000,
      maxStalledCount: tuning.maxStalledCount,
      limiter: { max: 50, duration: 60_000 },
    });
  });

  it('refuses a limiter that would spin, and offers no limiter variables for queues without one', () => {
    assert.throws(() => resolveQueueTuning(QueueName.LlmHints, { LLM_HINTS_RATE_LIMIT_DURATION_MS: '1' }), /LLM_HINTS_RATE_LIMIT_DURATION_MS/);
    assert.equal('TRAINER_RATE_LIMIT_MAX' in tuningEnvShape(QueueName.Trainer), false);
    assert.equal(resolveQueueTuning(QueueName.Trainer, {}).limiter, undefined);
  });
});
