import { z } from 'zod';
import { ConfigError, baseEnvSchema } from '@alkdrec/service-kit';

/**
 * What a trainer job needs from the environment. Jobs run in a BullMQ sandbox (a worker thread)
 * that shares the process environment but not the Nest container, so they read it themselves,
 * with the same base schema as the service.
 */
export const trainerJobEnvSchema = baseEnvSchema.pick({ DATABASE_URL: true, DATABASE_SCHEMA: true, ARTIFACT_STORE: true }).extend({
  TF_BACKEND: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['auto', 'node', 'wasm', 'cpu']).default('auto')),
});
export type TrainerJobConfig = z.infer<typeof trainerJobEnvSchema>;

export function loadTrainerJobConfig(env: NodeJS.ProcessEnv = process.env): TrainerJobConfig {
  const parsed = trainerJobEnvSchema.safeParse(env);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error.issues, env);
  return parsed.data;
}
