import { QueueName } from '@alkdrec/contracts';
import { baseEnvSchema, envInt, envOptionalString, tuningEnvShape } from '@alkdrec/service-kit';
import type { z } from 'zod';

const MiB = 1024 * 1024;

/**
 * The api's variables on top of the base ones. Tokens come from API_TOKENS (comma-separated) and/or
 * API_TOKENS_FILE (a mounted Secret: one token per line); config/api-tokens.ts reads and checks them
 * before Nest starts, and refuses an api bound beyond loopback without any. The api submits runs to
 * the selector's queue with the same job options (RUNS_*) as every other producer.
 */
export const apiEnvShape = {
  API_TOKENS: envOptionalString(),
  API_TOKENS_FILE: envOptionalString(),
  /** Largest JSON (or form) body accepted; larger → 413. */
  API_BODY_LIMIT_BYTES: envInt(MiB, { min: 1024, max: 64 * MiB }),
  /** Largest uploaded file (each of a dataset's two files); larger → 413 naming the field. */
  API_UPLOAD_LIMIT_BYTES: envInt(256 * MiB, { min: 1024 }),
  /** Where uploads are streamed while they are imported (removed afterwards); default the OS temp dir. */
  API_UPLOAD_DIR: envOptionalString(),
  /** A comment line on a quiet event stream this often, so proxies keep it open. */
  API_EVENTS_KEEPALIVE_MS: envInt(15_000, { min: 100, max: 600_000 }),
  /** How often a followed run's state is read from PostgreSQL (one read per run, however many follow it). */
  API_RUN_WATCH_MS: envInt(2_000, { min: 100, max: 60_000 }),
  ...tuningEnvShape(QueueName.Runs),
};

export const apiEnvSchema = baseEnvSchema.extend(apiEnvShape);
export type ApiConfig = z.infer<typeof apiEnvSchema>;
