import { z } from 'zod';

/*
 * Environment values are strings (or absent). These helpers turn them into typed values with
 * defaults, treating an empty string like an absent variable (`FOO=` in a compose file).
 */

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

export function envInt(defaultValue: number, bounds: { min?: number; max?: number } = {}) {
  let schema = z.coerce.number().int();
  if (bounds.min !== undefined) schema = schema.min(bounds.min);
  if (bounds.max !== undefined) schema = schema.max(bounds.max);
  return z.preprocess(emptyAsUndefined, schema.default(defaultValue));
}

export function envString(defaultValue: string) {
  return z.preprocess(emptyAsUndefined, z.string().min(1).default(defaultValue));
}

export function envEnum<const T extends readonly [string, ...string[]]>(values: T, defaultValue: T[number]) {
  return z.preprocess(emptyAsUndefined, z.enum(values).default(defaultValue));
}

/**
 * Values a variable takes on a developer's machine only. Outside production (NODE_ENV unset,
 * `development` or `test`) loadConfig fills them in when the variable is unset; with
 * NODE_ENV=production it does not, so a deployment that forgets DATABASE_URL stops at start-up with
 * that name instead of reaching for a database on 127.0.0.1 and never becoming ready.
 */
export const developerDefaults = z.registry<{ developerDefault: string }>();

/**
 * A URL with one of the given schemes; the message names the expected form. Required: its
 * `developerDefault` applies outside production only (see developerDefaults).
 */
export function envUrl(developerDefault: string, schemes: readonly string[]) {
  const field = z.preprocess(
    emptyAsUndefined,
    z
      .string({ error: (issue) => (issue.input === undefined ? 'required with NODE_ENV=production (its default is for a developer machine)' : undefined) })
      .refine((value) => {
        try {
          return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      }, `expected a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`),
  );
  developerDefaults.add(field, { developerDefault });
  return field;
}

/** A string with no default: absent (or empty) stays undefined. */
export function envOptionalString() {
  return z.preprocess(emptyAsUndefined, z.string().min(1).optional());
}
