import { QueueName } from '@alkdrec/contracts';
import type { DefaultJobOptions, WorkerOptions } from 'bullmq';
import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { envInt } from '../config/env-fields';

const HOUR_S = 3_600;
const DAY_S = 24 * HOUR_S;

export interface QueueTuning {
  /** Prefix of the environment variables that override this row, e.g. TRAINER_CONCURRENCY. */
  readonly envPrefix: string;
  /** Jobs one worker process runs at once. */
  readonly concurrency: number;
  /** Tries per job, the first included; permanent errors skip the rest (UnrecoverableError). */
  readonly attempts: number;
  readonly backoff: { readonly type: 'exponential' | 'fixed'; readonly delayMs: number };
  /** How long a job's lock lives without renewal before the job counts as stalled. */
  readonly lockDurationMs: number;
  /** Stalls (lost locks: crash, force-close) a job survives before it is failed. */
  readonly maxStalledCount: number;
  readonly keepCompleted: { readonly ageSeconds: number; readonly count: number };
  readonly keepFailed: { readonly ageSeconds: number; readonly count: number };
  /**
   * A global rate limit over every worker of the queue (BullMQ `limiter`): at most `max` jobs start
   * per `durationMs`. Also what `worker.rateLimit()` needs to delay the queue after a provider 429.
   */
  readonly limiter?: { readonly max: number; readonly durationMs: number };
}

/** Every queue's job and worker options, in one place. Override with `<envPrefix>_<VAR>`. */
export const QUEUE_TUNING = {
  [QueueName.Trainer]: {
    envPrefix: 'TRAINER',
    // TF.js training saturates the cores it gets; two trainings on one pod only slow each other.
    concurrency: 1,
    // A retry helps after a crash or an evicted pod; the job is idempotent (deterministic model id).
    attempts: 3,
    backoff: { type: 'exponential', delayMs: 30_000 },
    // Training runs in a worker thread, so the main loop renews the lock on time; the margin covers
    // GC pauses and a busy machine.
    lockDurationMs: 120_000,
    maxStalledCount: 2,
    // Completed results double as a cache for the CLI (same jobId ⇒ same result) for a week.
    keepCompleted: { ageSeconds: 7 * DAY_S, count: 1_000 },
    keepFailed: { ageSeconds: 30 * DAY_S, count: 5_000 },
  },
  [QueueName.LlmRanking]: {
    envPrefix: 'LLM_RANKING',
    // A call is ~5 s of waiting on the provider and no CPU: throughput is concurrency / latency, so
    // 500 calls at 5.3 s need ~40 in flight to finish in about a minute.
    concurrency: 64,
    // 529/500/timeouts are retried with backoff; 429s do not use attempts (rate-limit delay instead).
    attempts: 6,
    backoff: { type: 'exponential', delayMs: 2_000 },
    // The event loop is free while waiting, so locks renew on time; two calls of up to the request
    // timeout each fit well inside anyway.
    lockDurationMs: 60_000,
    maxStalledCount: 2,
    // Results are also in the response store; Redis keeps them for a day for whoever waits on them.
    keepCompleted: { ageSeconds: DAY_S, count: 20_000 },
    keepFailed: { ageSeconds: 30 * DAY_S, count: 20_000 },
    // Anthropic's lower tiers allow 50 requests per minute per model; the default suits a tier with
    // headroom and the fake server. Lower it to the account's limit in production.
    limiter: { max: 600, durationMs: 60_000 },
  },
  [QueueName.LlmHints]: {
    envPrefix: 'LLM_HINTS',
    // One hint prompt per run: nothing to parallelise.
    concurrency: 2,
    attempts: 6,
    backoff: { type: 'exponential', delayMs: 2_000 },
    lockDurationMs: 60_000,
    maxStalledCount: 2,
    keepCompleted: { ageSeconds: 7 * DAY_S, count: 1_000 },
    keepFailed: { ageSeconds: 30 * DAY_S, count: 5_000 },
    limiter: { max: 60, durationMs: 60_000 },
  },
  [QueueName.Runs]: {
    envPrefix: 'RUNS',
    // A run's driver mostly waits on other services' jobs: several runs fit in one selector.
    concurrency: 8,
    // Every stage is idempotent and finished stages are skipped, so a retry resumes the run; a
    // failure that survives these is reported on the run (its stage and error in PostgreSQL).
    attempts: 2,
    backoff: { type: 'fixed', delayMs: 5_000 },
    // As short as the table allows (GC pauses must not lose a lock), so a killed selector's run is
    // picked up again within half a minute; the driver only awaits, so its lock renews on time.
    lockDurationMs: 30_000,
    // A selector killed several times must not fail the run: stalls resume it.
    maxStalledCount: 10,
    keepCompleted: { ageSeconds: 7 * DAY_S, count: 1_000 },
    keepFailed: { ageSeconds: 30 * DAY_S, count: 1_000 },
  },
  [QueueName.RankingCollect]: {
    envPrefix: 'RANKING_COLLECT',
    // Each job stores one run's answers (a few hundred rows): quick.
    concurrency: 4,
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 2_000 },
    lockDurationMs: 30_000,
    maxStalledCount: 5,
    keepCompleted: { ageSeconds: 7 * DAY_S, count: 1_000 },
    keepFailed: { ageSeconds: 30 * DAY_S, count: 1_000 },
  },
} as const satisfies Record<QueueName, QueueTuning>;

/** Overridable fields, as they appear after the prefix in the variable name. */
export const TUNING_VARS = ['CONCURRENCY', 'ATTEMPTS', 'BACKOFF_MS', 'LOCK_DURATION_MS', 'KEEP_COMPLETED', 'KEEP_FAILED'] as const;
export type TuningVar = (typeof TUNING_VARS)[number];

/** Extra overrides of rows that have a `limiter`. */
export const LIMITER_VARS = ['RATE_LIMIT_MAX', 'RATE_LIMIT_DURATION_MS'] as const;
export type LimiterVar = (typeof LIMITER_VARS)[number];

type Prefix<Q extends QueueName> = (typeof QUEUE_TUNING)[Q]['envPrefix'];
type LimiterShape<Q extends QueueName> = (typeof QUEUE_TUNING)[Q] extends { limiter: object }
  ? { [K in `${Prefix<Q>}_${LimiterVar}`]: ReturnType<typeof envInt> }
  : unknown;
export type TuningEnvShape<Q extends QueueName> = { [K in `${Prefix<Q>}_${TuningVar}`]: ReturnType<typeof envInt> } & LimiterShape<Q>;

/**
 * The zod fields for a queue's overrides, defaulting to the table. A service adds them to its
 * environment schema, so a bad override is reported with every other bad variable at startup.
 */
export function tuningEnvShape<Q extends QueueName>(queue: Q): TuningEnvShape<Q> {
  const row: QueueTuning = QUEUE_TUNING[queue];
  const p = row.envPrefix;
  return {
    [`${p}_CONCURRENCY`]: envInt(row.concurrency, { min: 1, max: 64 }),
    [`${p}_ATTEMPTS`]: envInt(row.attempts, { min: 1, max: 100 }),
    [`${p}_BACKOFF_MS`]: envInt(row.backoff.delayMs, { min: 0 }),
    // Below a few seconds a lock expires during an ordinary GC pause.
    [`${p}_LOCK_DURATION_MS`]: envInt(row.lockDurationMs, { min: 5_000 }),
    [`${p}_KEEP_COMPLETED`]: envInt(row.keepCompleted.count, { min: 0 }),
    [`${p}_KEEP_FAILED`]: envInt(row.keepFailed.count, { min: 0 }),
    ...(row.limiter
      ? {
          [`${p}_RATE_LIMIT_MAX`]: envInt(row.limiter.max, { min: 1 }),
          // Under 10 ms BullMQ's limiter degenerates into a busy loop of Redis calls.
          [`${p}_RATE_LIMIT_DURATION_MS`]: envInt(row.limiter.durationMs, { min: 10 }),
        }
      : {}),
  } as TuningEnvShape<Q>;
}

/** The table row for a queue with overrides from `env` applied; throws ConfigError on bad values. */
export function resolveQueueTuning(queue: QueueName, env: Record<string, unknown> = process.env): QueueTuning {
  const row: QueueTuning = QUEUE_TUNING[queue];
  const parsed = z.object(tuningEnvShape(queue)).safeParse(env);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error.issues, env as Record<string, string | undefined>);
  const value = (name: TuningVar | LimiterVar): number => (parsed.data as Record<string, number>)[`${row.envPrefix}_${name}`] as number;
  return {
    ...row,
    concurrency: value('CONCURRENCY'),
    attempts: value('ATTEMPTS'),
    backoff: { ...row.backoff, delayMs: value('BACKOFF_MS') },
    lockDurationMs: value('LOCK_DURATION_MS'),
    keepCompleted: { ...row.keepCompleted, count: value('KEEP_COMPLETED') },
    keepFailed: { ...row.keepFailed, count: value('KEEP_FAILED') },
    ...(row.limiter ? { limiter: { max: value('RATE_LIMIT_MAX'), durationMs: value('RATE_LIMIT_DURATION_MS') } } : {}),
  };
}

/** What producers put on every job of the queue (Queue `defaultJobOptions`). */
export function jobOptionsFor(tuning: QueueTuning): DefaultJobOptions {
  return {
    attempts: tuning.attempts,
    backoff: { type: tuning.backoff.type, delay: tuning.backoff.delayMs },
    removeOnComplete: { age: tuning.keepCompleted.ageSeconds, count: tuning.keepCompleted.count },
    removeOnFail: { age: tuning.keepFailed.ageSeconds, count: tuning.keepFailed.count },
  };
}

/** What the consuming Worker needs from the row. */
export function workerOptionsFor(
  tuning: QueueTuning,
): Required<Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval' | 'maxStalledCount'>> & Pick<WorkerOptions, 'limiter'> {
  const options = {
    concurrency: tuning.concurrency,
    lockDuration: tuning.lockDurationMs,
    // BullMQ looks for stalled jobs every 30 s by default: with a shorter lock, look as often as it
    // can expire, so a killed worker's job is back in the queue within one lock duration.
    stalledInterval: Math.min(30_000, tuning.lockDurationMs),
    maxStalledCount: tuning.maxStalledCount,
  };
  return tuning.limiter ? { ...options, limiter: { max: tuning.limiter.max, duration: tuning.limiter.durationMs } } : options;
}
