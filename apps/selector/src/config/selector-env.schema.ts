import { QueueName } from '@alkdrec/contracts';
import { baseEnvSchema, tuningEnvShape } from '@alkdrec/service-kit';
import type { z } from 'zod';

/**
 * The selector's variables on top of the base ones: RUNS_* and RANKING_COLLECT_* queue tuning
 * overrides, and LLM_RANKING_* too — a flow does not apply a queue's default job options, so the
 * selector gives each ranking job its attempts, backoff and retention itself (set them where the
 * llm-worker's are set, e.g. the shared ConfigMap).
 */
export const selectorEnvShape = {
  ...tuningEnvShape(QueueName.Runs),
  ...tuningEnvShape(QueueName.RankingCollect),
  ...tuningEnvShape(QueueName.LlmRanking),
};

export const selectorEnvSchema = baseEnvSchema.extend(selectorEnvShape);
export type SelectorConfig = z.infer<typeof selectorEnvSchema>;
