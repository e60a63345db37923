import { QueueName } from '@alkdrec/contracts';
import { artifactStoreEnv, baseEnvSchema, envEnum, tuningEnvShape } from '@alkdrec/service-kit';
import { z } from 'zod';

export const TF_BACKENDS = ['auto', 'wasm', 'node', 'cpu'] as const;

/**
 * The trainer role's variables, on top of the base ones. TRAINER_CONCURRENCY and the other
 * TRAINER_* tuning overrides come from the queue tuning table.
 */
export const trainerEnvShape = {
  ...tuningEnvShape(QueueName.Trainer),
  /** Model weights and checkpoints: a directory or a URL (service-kit's artifactStoreEnv). */
  ARTIFACT_STORE: artifactStoreEnv(),
  /** TensorFlow.js backend: `auto` = tfjs-node when it loads, else wasm; `cpu` only when asked. */
  TF_BACKEND: envEnum(TF_BACKENDS, 'auto'),
};

export const trainerEnvSchema = baseEnvSchema.extend(trainerEnvShape);
export type TrainerConfig = z.infer<typeof trainerEnvSchema>;
