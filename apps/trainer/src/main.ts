import 'reflect-metadata';
import { bootstrapService, ConfigError, loadConfigOrExit } from '@alkdrec/service-kit';
import { AppModule } from './app.module';
import { parseRoles } from './roles/parse-roles';
import { envSchemaForRoles } from './roles/roles-env.schema';

/**
 * Entry of the ALKDRec image: ALKDREC_ROLES picks the roles this process runs (default: all);
 * their configuration is validated in one pass before Nest starts, and a bad variable exits 1.
 */
async function main(): Promise<void> {
  let roles;
  try {
    roles = parseRoles(process.env['ALKDREC_ROLES']);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`alkdrec: ${error.message}\n`);
    process.exit(1);
  }
  const config = loadConfigOrExit(envSchemaForRoles(roles), process.env, 'alkdrec');
  await bootstrapService({ service: roles.join('+'), module: AppModule.forRoles(roles, config), config });
}

main().catch((error: unknown) => {
  // Nest's logger may not exist yet: write one JSON line like the rest of the logs.
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), msg: `startup failed: ${String((error as Error)?.message ?? error)}`, stack: (error as Error)?.stack })}\n`,
  );
  process.exit(1);
});
