import { z } from 'zod';
import { ConfigError } from './config-error';
import { developerDefaults } from './env-fields';

export type Env = Record<string, string | undefined>;

/**
 * Validates the environment once against a service's schema and returns one frozen, typed object.
 * Throws a ConfigError naming every bad variable (not just the first).
 */
export function loadConfig<S extends z.ZodType<object>>(schema: S, env: Env = process.env): Readonly<z.infer<S>> {
  const result = schema.safeParse(withDeveloperDefaults(schema, env));
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

/**
 * The variables a schema cannot do without where it is deployed (NODE_ENV=production): those with
 * neither a value in `provided` nor a production default. Tests check manifests against it.
 */
export function requiredVariables(schema: z.ZodType<object>, provided: Env = {}): string[] {
  const result = schema.safeParse(withDeveloperDefaults(schema, { ...provided, NODE_ENV: 'production' }));
  if (result.success) return [];
  return [...new Set(result.error.issues.filter((issue) => issue.path.length > 0 && provided[String(issue.path[0])] === undefined).map((issue) => String(issue.path[0])))].sort();
}

/** The environment with each unset developer default filled in, unless NODE_ENV=production. */
function withDeveloperDefaults(schema: z.ZodType<object>, env: Env): Env {
  if (env['NODE_ENV'] === 'production' || !(schema instanceof z.ZodObject)) return env;
  const filled: Env = { ...env };
  for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const developerDefault = developerDefaults.get(field)?.developerDefault;
    if (developerDefault !== undefined && (env[name] === undefined || env[name] === '')) filled[name] = developerDefault;
  }
  return filled;
}
