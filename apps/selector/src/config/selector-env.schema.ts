import { QueueName } from '@alkdrec/contracts';
import { baseEnvSchema, envInt, tuningEnvShape } from '@alkdrec/service-kit';
import type { z } from 'zod';

/**
 * The selector's variables on top of the base ones: RUNS_* and RANKING_COLLECT_* queue tuning
 * overrides, and LLM_RANKING_* too — a flow does not apply a queue's default job options, so the
 * selector gives each ranking job its attempts, backoff and retention itself (set them where the
 * llm-worker's are set, e.g. the shared ConfigMap) — how often unfinished runs are re-driven, and
 * how often a driver looks for a cancel and stores its progress.
 */
export const selectorEnvShape = {
  /**
   * How often RUNNING runs without a live driver job get one back (runs/run-redriver.ts): with
   * `alkdrec run`'s bound (RUNS_REDRIVE_WAIT_MS, 2 × this + 15 s), a lost run is driven again
   * before its CLI gives up on it.
   */
  RUNS_REDRIVE_INTERVAL_MS: envInt(15_000, { min: 1_000 }),
  /** How often a driver reads its run's status: a cancelled run stops within about this long. */
  RUNS_CANCEL_CHECK_MS: envInt(1_000, { min: 100 }),
  /** At most one write of a run's progress to PostgreSQL per this long (the job's progress is live). */
  RUNS_PROGRESS_WRITE_MS: envInt(1_000, { min: 100 }),
  ...tuningEnvShape(QueueName.Runs),
  ...tuningEnvShape(QueueName.RankingCollect),
  ...tuningEnvShape(QueueName.LlmRanking),
};

export const selectorEnvSchema = baseEnvSchema.extend(selectorEnvShape);
export type SelectorConfig = z.infer<typeof selectorEnvSchema>;
