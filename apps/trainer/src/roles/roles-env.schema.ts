import { baseEnvSchema, type BaseConfig } from '@alkdrec/service-kit';
import type { z } from 'zod';
import { SERVICE_ROLES, type RoleName } from './service-roles';

/** The base schema extended with the variables of every chosen role: validated in one pass. */
export function envSchemaForRoles(roles: readonly RoleName[]): z.ZodType<BaseConfig & Record<string, unknown>> {
  const shape: z.ZodRawShape = Object.assign({}, ...roles.map((role) => SERVICE_ROLES[role].envShape));
  // Role shapes only add variables (the spec checks none redefines a base one), so the base type holds.
  return baseEnvSchema.extend(shape) as unknown as z.ZodType<BaseConfig & Record<string, unknown>>;
}
