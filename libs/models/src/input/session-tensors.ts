/**
 * Model input (REFERENCE §1): the last `maxLength` items of each session, right-padded with a
 * padding id that is not a real item (the reference reused item 0 for both, §8).
 */
export const MAX_SESSION_LENGTH = 10;

export interface SessionInput {
  /** Item indices of the session, oldest first. */
  items: readonly number[];
  /** The held-out next item. */
  next: number;
}

export interface EncodedSessions {
  count: number;
  maxLength: number;
  /** [count × maxLength] item ids, right-padded with `paddingId`. */
  ids: Int32Array;
  /** [count × maxLength] 1 for a real item, 0 for padding. */
  mask: Float32Array;
  /** Index of each session's last real item (its length − 1). */
  lastPosition: Int32Array;
  next: Int32Array;
  paddingId: number;
}

/** Padding takes the id just past the catalogue, so embedding tables have itemCount + 1 rows. */
export function paddingIdFor(itemCount: number): number {
  return itemCount;
}

export function encodeSessions(
  sessions: readonly SessionInput[],
  itemCount: number,
  maxLength = MAX_SESSION_LENGTH,
): EncodedSessions {
  const n = sessions.length;
  const paddingId = paddingIdFor(itemCount);
  const ids = new Int32Array(n * maxLength).fill(paddingId);
  const mask = new Float32Array(n * maxLength);
  const lastPosition = new Int32Array(n);
  const next = new Int32Array(n);
  sessions.forEach((s, i) => {
    if (s.items.length === 0) throw new Error(`session ${i} has no items`);
    const tail = s.items.slice(-maxLength);
    tail.forEach((item, t) => {
      if (!(item >= 0 && item < itemCount)) throw new RangeError(`session ${i}: item ${item} outside the catalogue`);
      ids[i * maxLength + t] = item;
      mask[i * maxLength + t] = 1;
    });
    lastPosition[i] = tail.length - 1;
    next[i] = s.next;
  });
  return { count: n, maxLength, ids, mask, lastPosition, next, paddingId };
}

/** Rows `rows` of an encoding, as a new encoding (a training batch or an evaluation chunk). */
export function selectSessions(all: EncodedSessions, rows: ArrayLike<number>): EncodedSessions {
  const L = all.maxLength;
  const n = rows.length;
  const ids = new Int32Array(n * L);
  const mask = new Float32Array(n * L);
  const lastPosition = new Int32Array(n);
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i] as number;
    ids.set(all.ids.subarray(r * L, (r + 1) * L), i * L);
    mask.set(all.mask.subarray(r * L, (r + 1) * L), i * L);
    lastPosition[i] = all.lastPosition[r] as number;
    next[i] = all.next[r] as number;
  }
  return { count: n, maxLength: L, ids, mask, lastPosition, next, paddingId: all.paddingId };
}

/** The distinct items each session's model input contains (excluded when ranking). */
export function sessionItemSet(enc: EncodedSessions, i: number): Set<number> {
  const out = new Set<number>();
  for (let t = 0; t < enc.maxLength; t++) {
    if ((enc.mask[i * enc.maxLength + t] as number) > 0) out.add(enc.ids[i * enc.maxLength + t] as number);
  }
  return out;
}
