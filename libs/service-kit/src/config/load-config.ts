import type { z } from 'zod';
import { ConfigError } from './config-error';

export type Env = Record<string, string | undefined>;

/**
 * Validates the environment once against a service's schema and returns one frozen, typed object.
 * Throws a ConfigError naming every bad variable (not just the first).
 */
export function loadConfig<S extends z.ZodType<object>>(schema: S, env: Env = process.env): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  if (!result.success) throw ConfigError.fromZod(result.error.issues, env);
  return Object.freeze(result.data);
}

/**
 * For entry points: like loadConfig, but prints the problems and exits 1, before Nest (or anything
 * that would log in another format) has started.
 */
export function loadConfigOrExit<S extends z.ZodType<object>>(
  schema: S,
  env: Env = process.env,
  service = 'service',
): Readonly<z.infer<S>> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    process.exit(1);
  }
}
