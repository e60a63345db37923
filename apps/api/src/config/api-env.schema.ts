import { baseEnvSchema, envInt, envOptionalString } from '@alkdrec/service-kit';
import type { z } from 'zod';

const MiB = 1024 * 1024;

/**
 * The api's variables on top of the base ones. Tokens come from API_TOKENS (comma-separated) and/or
 * API_TOKENS_FILE (a mounted Secret: one token per line); config/api-tokens.ts reads and checks them
 * before Nest starts, and refuses an api bound beyond loopback without any.
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
};

export const apiEnvSchema = baseEnvSchema.extend(apiEnvShape);
export type ApiConfig = z.infer<typeof apiEnvSchema>;
