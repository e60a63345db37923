import { z } from 'zod';

/**
 * Paging of every list of the api (and of the CLI's `alkdrec runs`, which shares the run list): `limit` items, from `offset` or after `cursor` (the previous
 * page's `next`), not both. Query-string friendly: numbers are coerced.
 */
export const PAGE_LIMIT = { default: 20, max: 100 } as const;

export const pageFields = {
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT.max).default(PAGE_LIMIT.default),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
};

/**
 * A page's `next`, checked to be one of ours: a sort key of `keyLength` parts (encodeCursor) that
 * `isKey` accepts (e.g. a part that must be a time).
 */
export function cursorField(keyLength: number, isKey: (key: string[]) => boolean = () => true) {
  return z
    .string()
    .min(1)
    .max(400)
    .refine((cursor) => {
      const key = decodeCursor(cursor, keyLength);
      return key !== undefined && isKey(key);
    }, 'not a cursor this service returned (use a page\'s "next")')
    .optional();
}

/** Refuses `offset` with `cursor`, naming `cursor`. */
export function oneWayOfPaging(query: { offset?: number | undefined; cursor?: string | undefined }): boolean {
  return query.offset === undefined || query.cursor === undefined;
}
export const ONE_WAY_OF_PAGING = { message: 'page with cursor or with offset, not both', path: ['cursor'] };

/** An opaque cursor: base64url of a JSON array of the last item's sort key. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key of a cursor, or undefined when it is not one of ours (or has another length). */
export function decodeCursor(cursor: string, length: number): string[] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== length || !value.every((part) => typeof part === 'string')) return undefined;
    return value as string[];
  } catch {
    return undefined;
  }
}
