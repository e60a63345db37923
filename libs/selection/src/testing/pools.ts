import { createRng } from '@alkdrec/recsys';
import type { PoolSession } from '../types';

/** A pool of n sessions with rows 0..n−1 and seeded difficulties in (−1, 0], like −mean σ(·). */
export function syntheticPool(n: number, seed = 1): PoolSession[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, row) => ({ row, difficulty: -rng.next() }));
}
