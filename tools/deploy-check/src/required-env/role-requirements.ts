import { checkApiConfig } from '@alkdrec/api/dist/config/api-tokens';
import type { ApiConfig } from '@alkdrec/api/dist/config/api-env.schema';
import { checkArtifactStoreSettings } from '@alkdrec/db';
import { createLlmProvider } from '@alkdrec/llm-providers';
import type { LlmWorkerConfig } from '@alkdrec/llm-worker/dist/config/llm-worker-env.schema';
import { providerConfigOf } from '@alkdrec/llm-worker/dist/config/provider-config';
import { baseEnvSchema, ConfigError, developerDefaults, envSchemaOfRoles, loadConfig, requiredVariables, type BaseConfig, type Env } from '@alkdrec/service-kit';
import type { z } from 'zod';
import { IMAGE_ROLES, type CheckedRole } from '../roles/image-roles';
import type { ContainerEnv } from './container-env';

/** What one role lacks in one container: variables its schema requires, and its own start-up checks' refusals. */
export interface RoleShortfall {
  missing: string[];
  problems: string[];
}

/**
 * `npm run db:migrate` reads DATABASE_URL and DATABASE_SCHEMA (libs/db/src/migrate.cli.ts); the
 * base schema's fields for them say what is required and valid.
 */
const MIGRATE_SCHEMA = baseEnvSchema.pick({ DATABASE_URL: true, DATABASE_SCHEMA: true });

export function schemaOfRole(role: CheckedRole): z.ZodObject {
  return (role === 'migrate' ? MIGRATE_SCHEMA : envSchemaOfRoles([IMAGE_ROLES[role]])) as unknown as z.ZodObject;
}

/**
 * The role's required environment (requiredVariables of its schema, NODE_ENV=production) checked
 * against a container's, then the checks the role's entry runs before Nest starts (the api's token
 * check, the llm-worker's provider check, the trainer's artifact-store check) — the entries' own
 * functions, so a new condition there is checked here too.
 */
export function shortfallOf(role: CheckedRole, env: ContainerEnv): RoleShortfall {
  const schema = schemaOfRole(role);
  const provided = providedEnv(schema, env);
  const missing = requiredVariables(schema, provided);
  // Carry on as if the missing ones were set, so the role's own checks judge the rest.
  const filled: Env = { ...provided, ...Object.fromEntries(missing.map((name) => [name, placeholderFor(schema, name)])) };
  let config: Readonly<BaseConfig>;
  try {
    config = loadConfig(schema, filled) as unknown as Readonly<BaseConfig>;
  } catch (error) {
    return { missing, problems: error instanceof ConfigError ? [...error.problems] : [String(error)] };
  }
  return { missing, problems: entryCheckProblems(role, config, filled, env.readFile) };
}

function entryCheckProblems(role: CheckedRole, config: Readonly<BaseConfig>, env: Env, readFile: (path: string) => string): string[] {
  try {
    if (role === 'api') checkApiConfig(config as unknown as ApiConfig, readFile);
    // '' rather than undefined: providerConfigOf would fall back to this test process's environment.
    if (role === 'llm-worker') createLlmProvider(providerConfigOf(config as unknown as LlmWorkerConfig, env['ALKDREC_DATASETS_DIR'] ?? ''), env);
    if (role === 'trainer') checkArtifactStoreSettings(config.ARTIFACT_STORE, env);
    return [];
  } catch (error) {
    return error instanceof ConfigError ? [...error.problems] : [error instanceof Error ? error.message : String(error)];
  }
}

/**
 * The container's environment as the role's process sees it: empty values count as unset (as in
 * every schema), and a hidden value is a valid placeholder so it passes validation.
 */
function providedEnv(schema: z.ZodObject, env: ContainerEnv): Env {
  const provided: Env = {};
  for (const [name, value] of Object.entries(env.values)) if (value !== '') provided[name] = value;
  for (const name of env.hidden) provided[name] = placeholderFor(schema, name);
  return provided;
}

/**
 * A value that passes the variable's validation: its developer default when the schema has one
 * (the connection URLs), else a URL or a token-like string (tokens and keys need 16+ visible characters).
 */
export function placeholderFor(schema: z.ZodObject, name: string): string {
  const field = (schema.shape as Record<string, z.ZodType>)[name];
  const developerDefault = field === undefined ? undefined : developerDefaults.get(field)?.developerDefault;
  if (developerDefault !== undefined) return developerDefault;
  if (name.endsWith('_URL')) return 'https://placeholder.invalid/';
  return 'placeholder-value-0123456789abcdef';
}
