/**
 * The model input (libs/models' encodeSessions): the last `maxLength` item indices of a session,
 * oldest first, at positions 0..n−1; positions n..maxLength−1 are padding (mask 0), whose id is
 * `itemCount`, the zero row past the catalogue.
 */
export interface SessionEncoder {
  readonly dim: number;
  readonly maxLength: number;
  /**
   * Writes the session representation u_s (length `dim`) into `out`. `items` are catalogue
   * indices, oldest first; only the last `maxLength` count.
   */
  encode(items: ArrayLike<number>, out: Float64Array): void;
}

/** A session the encoders cannot take: empty, or an index outside the catalogue. */
export class SessionInputError extends RangeError {
  override readonly name = 'SessionInputError';
}

/** Fills `window` with the last `window.length` items and returns how many there are (n ≥ 1). */
export function fillWindow(items: ArrayLike<number>, itemCount: number, window: Int32Array): number {
  if (items.length === 0) throw new SessionInputError('a session needs at least one item');
  const n = Math.min(items.length, window.length);
  const start = items.length - n;
  for (let t = 0; t < n; t++) {
    const item = items[start + t] as number;
    if (!(Number.isInteger(item) && item >= 0 && item < itemCount)) {
      throw new SessionInputError(`item index ${item} is outside the catalogue [0, ${itemCount})`);
    }
    window[t] = item;
  }
  window.fill(itemCount, n);
  return n;
}
