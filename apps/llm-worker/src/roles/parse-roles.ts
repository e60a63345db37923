import { ConfigError } from '@alkdrec/service-kit';
import { ROLE_NAMES, type RoleName } from './service-roles';

/**
 * ALKDREC_ROLES: role names separated by commas or spaces; unset, empty or `all` means every role
 * of this entry. Unknown names are refused with the list of valid ones.
 */
export function parseRoles(value: string | undefined, known: readonly string[] = ROLE_NAMES): RoleName[] {
  const names = (value ?? '')
    .split(/[\s,]+/)
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0 || (names.length === 1 && names[0] === 'all')) return [...known] as RoleName[];
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError([`ALKDREC_ROLES (${JSON.stringify(value)}): unknown role ${unknown.join(', ')}; valid: ${known.join(', ')} or all`]);
  }
  return [...new Set(names)] as RoleName[];
}
