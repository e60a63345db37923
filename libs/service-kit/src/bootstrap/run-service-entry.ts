import type { AbstractHttpAdapter } from '@nestjs/core/adapters/http-adapter';
import type { BaseConfig } from '../config/base-env.schema';
import { ConfigError } from '../config/config-error';
import { loadConfigOrExit } from '../config/load-config';
import { parseRoleList } from '../config/parse-role-list';
import { envSchemaOfRoles } from '../roles/env-schema-of-roles';
import { ServiceAppModule } from '../roles/service-app.module';
import type { ServiceRole } from '../roles/service-role';
import { bootstrapService } from './bootstrap-service';

export interface ServiceEntryOptions<R extends string> {
  /** Prefix of startup errors on stderr (before logging exists). */
  name: string;
  /** Every role this entry can run; ALKDREC_ROLES picks some (default: all). */
  roles: Record<R, ServiceRole>;
  /** Checks beyond the schema (e.g. a provider's settings); throw to refuse to start. */
  check?: (config: Readonly<BaseConfig & Record<string, unknown>>) => void;
  /** The HTTP platform built from the validated config; default Express (see bootstrapService). */
  httpAdapter?: (config: Readonly<BaseConfig & Record<string, unknown>>) => AbstractHttpAdapter;
}

/**
 * What every service's main.ts does: read ALKDREC_ROLES, validate the base variables and those of
 * the chosen roles in one pass, run the entry's own checks, then start Nest. Any problem exits 1
 * with every bad variable named; a crash during startup is one JSON line like the rest of the logs.
 */
export function runServiceEntry<R extends string>(options: ServiceEntryOptions<R>): void {
  start(options).catch((error: unknown) => {
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), msg: `startup failed: ${String((error as Error)?.message ?? error)}`, stack: (error as Error)?.stack })}\n`,
    );
    process.exit(1);
  });
}

async function start<R extends string>({ name, roles: known, check, httpAdapter }: ServiceEntryOptions<R>): Promise<void> {
  let roles: R[];
  try {
    roles = parseRoleList(process.env['ALKDREC_ROLES'], Object.keys(known) as R[]);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return exitWith(`${name}: ${error.message}`);
  }
  const config = loadConfigOrExit(envSchemaOfRoles(roles.map((role) => known[role])), process.env, name);
  try {
    check?.(config);
  } catch (error) {
    return exitWith(`${name}: ${(error as Error).message}`);
  }
  await bootstrapService({
    service: roles.join('+'),
    module: ServiceAppModule.forRoles(roles.map((role) => known[role]), config),
    config,
    httpAdapter: httpAdapter?.(config),
  });
}

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
