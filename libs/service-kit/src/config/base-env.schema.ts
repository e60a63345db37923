import { z } from 'zod';
import { envArtifactStore } from './artifact-store-env';
import { envEnum, envInt, envString, envUrl } from './env-fields';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Variables every ALKDRec service reads; each service `.extend()`s this with its own. */
export const baseEnvSchema = z.object({
  NODE_ENV: envEnum(['development', 'test', 'production'], 'development'),
  LOG_LEVEL: envEnum(LOG_LEVELS, 'info'),
  REDIS_URL: envUrl('redis://127.0.0.1:6379', ['redis', 'rediss']),
  DATABASE_URL: envUrl('postgresql://postgres@127.0.0.1:5432/test', ['postgresql', 'postgres']),
  DATABASE_SCHEMA: envString('public').pipe(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'expected a plain PostgreSQL identifier (letters, digits, _)'),
  ),
  HTTP_PORT: envInt(3000, { min: 0, max: 65535 }),
  /** 0.0.0.0 in containers; the CLI binds the trainer it spawns to 127.0.0.1. */
  HTTP_HOST: envString('0.0.0.0'),
  /** Key prefix of every BullMQ queue; tests use a unique one to stay isolated. */
  BULLMQ_PREFIX: envString('alkdrec').pipe(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, ".", "_" or "-"')),
  /** How long shutdown waits for an active job before force-closing the worker. */
  SHUTDOWN_GRACE_MS: envInt(60_000, { min: 0 }),
  /** Where checkpoints are written (reads follow each URI's scheme): `postgres`, a directory, `s3://…`. */
  ARTIFACT_STORE: envArtifactStore(),
});
export type BaseConfig = z.infer<typeof baseEnvSchema>;
