import { QueueName } from '@alkdrec/contracts';
import { baseEnvSchema, tuningEnvShape } from '@alkdrec/service-kit';
import type { z } from 'zod';

/** The selector's variables on top of the base ones: RUNS_* and RANKING_COLLECT_* queue tuning overrides. */
export const selectorEnvShape = {
  ...tuningEnvShape(QueueName.Runs),
  ...tuningEnvShape(QueueName.RankingCollect),
};

export const selectorEnvSchema = baseEnvSchema.extend(selectorEnvShape);
export type SelectorConfig = z.infer<typeof selectorEnvSchema>;
