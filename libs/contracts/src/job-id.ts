import { createHash } from 'node:crypto';

/**
 * A deterministic BullMQ job id: the same job name and (parsed, defaults-filled) payload give the
 * same id, so submitting twice runs once. Readable part first, then a hash of the whole payload.
 * BullMQ refuses ids that are integers or contain ':'; the slug keeps to [A-Za-z0-9._-].
 */
export function deterministicJobId(jobName: string, readable: readonly (string | number)[], payload: unknown): string {
  const slug = [jobName, ...readable].map((part) => String(part).replace(/[^A-Za-z0-9._-]+/g, '_')).join('-');
  const hash = createHash('sha256').update(canonicalJson(payload)).digest('hex').slice(0, 12);
  return `${slug}-${hash}`;
}

/** JSON with object keys sorted at every level, so key order never changes the hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
