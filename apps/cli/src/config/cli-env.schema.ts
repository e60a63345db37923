import { QueueName } from '@alkdrec/contracts';
import { artifactStoreEnv, baseEnvSchema, envInt, tuningEnvShape } from '@alkdrec/service-kit';
import type { z } from 'zod';

/**
 * What the CLI reads from the environment: where Redis and PostgreSQL are, the queue prefix, the
 * trainer queue's job options (same table and overrides as the trainer), its waiting bounds, and
 * the artifact store the trainer writes checkpoints to.
 */
export const cliEnvSchema = baseEnvSchema
  .pick({ LOG_LEVEL: true, REDIS_URL: true, DATABASE_URL: true, DATABASE_SCHEMA: true, BULLMQ_PREFIX: true, SHUTDOWN_GRACE_MS: true })
  .extend({
    ...tuningEnvShape(QueueName.Trainer),
    /** How long a trainer started by the CLI may take to connect to the queue. */
    TRAINER_START_TIMEOUT_MS: envInt(120_000, { min: 1_000 }),
    /**
     * `alkdrec run`: after Redis lost the run's job, how long to wait for a selector to re-drive it
     * from PostgreSQL before giving up (exit 5): 2 × the selector's RUNS_REDRIVE_INTERVAL_MS (15 s)
     * + 15 s, so one missed re-drive pass is not fatal.
     */
    RUNS_REDRIVE_WAIT_MS: envInt(45_000, { min: 1_000 }),
    /** Where `alkdrec export` reads checkpoints: the trainer's ARTIFACT_STORE, same default. */
    ARTIFACT_STORE: artifactStoreEnv(),
  });
export type CliConfig = z.infer<typeof cliEnvSchema>;

/** For messages: a connection URL without its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
