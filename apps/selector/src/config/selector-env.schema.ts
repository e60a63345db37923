import { QueueName } from '@alkdrec/contracts';
import { baseEnvSchema, envInt, tuningEnvShape } from '@alkdrec/service-kit';
import type { z } from 'zod';

/**
 * The selector's variables on top of the base ones: RUNS_* and RANKING_COLLECT_* queue tuning
 * overrides, and LLM_RANKING_* too — a flow does not apply a queue's default job options, so the
 * selector gives each ranking job its attempts, backoff and retention itself (set them where the
 * llm-worker's are set, e.g. the shared ConfigMap) — and how often unfinished runs are re-driven.
 */
export const selectorEnvShape = {
  /**
   * How often RUNNING runs without a live driver job get one back (runs/run-redriver.ts): with
   * `alkdrec run`'s bound (RUNS_REDRIVE_WAIT_MS, 2 × this + 15 s), a lost run is driven again
   * before its CLI gives up on it.
   */
  RUNS_REDRIVE_INTERVAL_MS: envInt(15_000, { min: 1_000 }),
  ...tuningEnvShape(QueueName.Runs),
  ...tuningEnvShape(QueueName.RankingCollect),
  ...tuningEnvShape(QueueName.LlmRanking),
};

export const selectorEnvSchema = baseEnvSchema.extend(selectorEnvShape);
export type SelectorConfig = z.infer<typeof selectorEnvSchema>;
