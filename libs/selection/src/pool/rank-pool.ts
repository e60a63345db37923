import type { PoolSession } from '../types';

/**
 * The pool sorted hardest first, so index i holds difficulty rank i + 1.
 * df_s is minus a mean sigmoid: a session whose own items the teacher scores low has df_s near 0,
 * i.e. the HIGHEST value is the hardest — hence descending. Ties go to the smaller row so the order
 * (and every seeded draw over it) never depends on the input order.
 */
export function rankHardestFirst(pool: readonly PoolSession[]): PoolSession[] {
  const seen = new Set<number>();
  for (const session of pool) {
    if (!Number.isInteger(session.row)) throw new TypeError(`pool row ${session.row} is not an integer`);
    if (seen.has(session.row)) throw new RangeError(`pool row ${session.row} appears twice`);
    if (!Number.isFinite(session.difficulty)) {
      throw new RangeError(`pool row ${session.row} has a non-finite difficulty (${session.difficulty})`);
    }
    seen.add(session.row);
  }
  return [...pool].sort((a, b) => b.difficulty - a.difficulty || a.row - b.row);
}
