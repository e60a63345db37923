import { isAbsolute, resolve } from 'node:path';
import { QueueName } from '@alkdrec/contracts';
import { baseEnvSchema, envEnum, findRepoRoot, tuningEnvShape } from '@alkdrec/service-kit';
import { z } from 'zod';

export const TF_BACKENDS = ['auto', 'wasm', 'node', 'cpu'] as const;

/**
 * The trainer role's variables, on top of the base ones. TRAINER_CONCURRENCY and the other
 * TRAINER_* tuning overrides come from the queue tuning table.
 */
export const trainerEnvShape = {
  ...tuningEnvShape(QueueName.Trainer),
  /** Model weights and checkpoints. Relative paths resolve against the working directory. */
  ARTIFACT_STORE: z
    .preprocess((v) => (v === '' ? undefined : v), z.string().optional())
    .transform((path) => (path === undefined ? resolve(findRepoRoot(), '.alkdrec/artifacts') : isAbsolute(path) ? path : resolve(path))),
  /** TensorFlow.js backend: `auto` prefers tfjs-node when installed, then wasm, then cpu. */
  TF_BACKEND: envEnum(TF_BACKENDS, 'auto'),
};

export const trainerEnvSchema = baseEnvSchema.extend(trainerEnvShape);
export type TrainerConfig = z.infer<typeof trainerEnvSchema>;
