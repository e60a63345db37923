import 'reflect-metadata';
import { createLlmProvider } from '@alkdrec/llm-providers';
import { baseEnvSchema, bootstrapService, ConfigError, loadConfigOrExit } from '@alkdrec/service-kit';
import type { z } from 'zod';
import { AppModule } from './app.module';
import type { LlmWorkerConfig } from './config/llm-worker-env.schema';
import { providerConfigOf } from './config/provider-config';
import { parseRoles } from './roles/parse-roles';
import { SERVICE_ROLES } from './roles/service-roles';

/**
 * Entry of the llm-worker: ALKDREC_ROLES picks the roles (today: llm-worker); the environment and
 * the provider (model, endpoint, the API key's presence) are checked before Nest starts, and any
 * problem exits 1 with every bad variable named — never with the key's value.
 */
async function main(): Promise<void> {
  let roles;
  try {
    roles = parseRoles(process.env['ALKDREC_ROLES']);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`llm-worker: ${error.message}\n`);
    process.exit(1);
  }
  const shape: z.ZodRawShape = Object.assign({}, ...roles.map((role) => SERVICE_ROLES[role].envShape));
  const config = loadConfigOrExit(baseEnvSchema.extend(shape), process.env, 'llm-worker') as unknown as LlmWorkerConfig;
  try {
    createLlmProvider(providerConfigOf(config));
  } catch (error) {
    process.stderr.write(`llm-worker: ${(error as Error).message}\n`);
    process.exit(1);
  }
  await bootstrapService({ service: roles.join('+'), module: AppModule.forRoles(roles, config), config });
}

main().catch((error: unknown) => {
  // Nest's logger may not exist yet: write one JSON line like the rest of the logs.
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), msg: `startup failed: ${String((error as Error)?.message ?? error)}`, stack: (error as Error)?.stack })}\n`,
  );
  process.exit(1);
});
