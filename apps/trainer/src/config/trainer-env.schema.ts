import { QueueName } from '@alkdrec/contracts';
import { baseEnvSchema, envEnum, tuningEnvShape } from '@alkdrec/service-kit';
import { z } from 'zod';

export const TF_BACKENDS = ['auto', 'wasm', 'node', 'cpu'] as const;

/**
 * The trainer role's variables, on top of the base ones (ARTIFACT_STORE, where checkpoints go, is
 * one of those). TRAINER_CONCURRENCY and the other TRAINER_* tuning overrides come from the queue
 * tuning table.
 */
export const trainerEnvShape = {
  ...tuningEnvShape(QueueName.Trainer),
  /** TensorFlow.js backend: `auto` = tfjs-node when it loads, else wasm; `cpu` only when asked. */
  TF_BACKEND: envEnum(TF_BACKENDS, 'auto'),
};

export const trainerEnvSchema = baseEnvSchema.extend(trainerEnvShape);
export type TrainerConfig = z.infer<typeof trainerEnvSchema>;
