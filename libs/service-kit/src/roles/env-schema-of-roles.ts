import type { z } from 'zod';
import { baseEnvSchema, type BaseConfig } from '../config/base-env.schema';
import type { ServiceRole } from './service-role';

/** The base schema extended with the variables of every chosen role: validated in one pass. */
export function envSchemaOfRoles(roles: readonly ServiceRole[]): z.ZodType<BaseConfig & Record<string, unknown>> {
  const shape: z.ZodRawShape = Object.assign({}, ...roles.map((role) => role.envShape));
  // Role shapes only add variables (each app's spec checks none redefines a base one), so the base type holds.
  return baseEnvSchema.extend(shape) as unknown as z.ZodType<BaseConfig & Record<string, unknown>>;
}
