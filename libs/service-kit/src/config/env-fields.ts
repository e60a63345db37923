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

/** A URL with one of the given schemes; the message names the expected form. */
export function envUrl(defaultValue: string, schemes: readonly string[]) {
  return z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default(defaultValue)
      .refine((value) => {
        try {
          return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      }, `expected a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`),
  );
}

/** A string with no default: absent (or empty) stays undefined. */
export function envOptionalString() {
  return z.preprocess(emptyAsUndefined, z.string().min(1).optional());
}
