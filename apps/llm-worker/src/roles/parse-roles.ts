import { parseRoleList } from '@alkdrec/service-kit';
import { ROLE_NAMES, type RoleName } from './service-roles';

/** ALKDREC_ROLES for this entry's roles (see parseRoleList). */
export function parseRoles(value: string | undefined, known: readonly string[] = ROLE_NAMES): RoleName[] {
  return parseRoleList(value, known) as RoleName[];
}
