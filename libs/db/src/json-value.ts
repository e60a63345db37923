import type { Prisma } from './prisma-client';

/**
 * A plain copy of `value` that Prisma can store in a Json column: what JSON.stringify keeps
 * (undefined dropped, Dates as strings, NaN/Infinity as null). Saves callers from matching Prisma's
 * recursive JSON input types with their own interfaces.
 */
export function toJsonValue(value: unknown): Prisma.InputJsonValue {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`cannot store ${typeof value} as JSON`);
  return JSON.parse(text) as Prisma.InputJsonValue;
}
