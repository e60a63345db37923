import { ConfigError } from './config-error';

/**
 * ALKDREC_ROLES: role names separated by commas or spaces; unset, empty or `all` means every role
 * the entry knows. Unknown names are refused with the list of valid ones. Shared by every service
 * entry so the variable reads the same everywhere.
 */
export function parseRoleList<R extends string>(value: string | undefined, known: readonly R[]): R[] {
  const names = (value ?? '')
    .split(/[\s,]+/)
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0 || (names.length === 1 && names[0] === 'all')) return [...known];
  const unknown = names.filter((name) => !(known as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ConfigError([
      `ALKDREC_ROLES (${JSON.stringify(value)}): unknown role${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; valid: ${known.join(', ')} or all`,
    ]);
  }
  return [...new Set(names)] as R[];
}
