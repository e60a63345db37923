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
  /**
   * Model weights and checkpoints: a directory or a file:// URL. Relative paths resolve against the
   * working directory now, so the sandbox thread and every later job see the same absolute path.
   */
  ARTIFACT_STORE: z
    .preprocess((v) => (v === '' ? undefined : v), z.string().optional())
    .transform((store) => {
      if (store === undefined) return resolve(findRepoRoot(), '.alkdrec/artifacts');
      return isAbsolute(store) || /^[a-z][a-z0-9+.-]*:\/\//i.test(store) ? store : resolve(store);
    }),
  /** TensorFlow.js backend: `auto` = tfjs-node when it loads, else wasm; `cpu` only when asked. */
  TF_BACKEND: envEnum(TF_BACKENDS, 'auto'),
};

export const trainerEnvSchema = baseEnvSchema.extend(trainerEnvShape);
export type TrainerConfig = z.infer<typeof trainerEnvSchema>;
