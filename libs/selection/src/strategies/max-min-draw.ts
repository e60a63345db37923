import type { Rng } from '@alkdrec/recsys';
import { MaxMinProfile, solveMaxMin } from '../policies/max-min';
import { rankPowers } from '../policies/rank-powers';
import type { PoolSession, SelectedSession } from '../types';

export interface MaxMinDrawPolicy {
  mu: number;
  includeKStar: boolean;
  profile(n: number): MaxMinProfile;
}

/**
 * Draw one session from p*, remove it, recompute k* and p* on the smaller pool, repeat (REFERENCE §5).
 * p* depends only on the pool size, so each draw costs one O(N) pass plus an O(N) splice.
 * @param ranked the pool, hardest first.
 */
export function drawByMaxMin(
  ranked: readonly PoolSession[],
  budget: number,
  rng: Rng,
  policy: MaxMinDrawPolicy,
): SelectedSession[] {
  const remaining = ranked.slice();
  const powers = rankPowers(remaining.length, policy.mu);
  const buffer = new Float64Array(remaining.length);
  const selected: SelectedSession[] = [];
  for (let order = 0; order < budget; order++) {
    const n = remaining.length;
    const { probabilities, supportEnd } = solveMaxMin(n, policy.profile(n), powers, policy.includeKStar, buffer);
    const index = sampleIndex(probabilities, supportEnd, rng.next());
    const session = remaining.splice(index, 1)[0] as PoolSession;
    selected.push({
      row: session.row,
      order,
      rank: index + 1,
      probability: probabilities[index] as number,
      difficulty: session.difficulty,
    });
  }
  return selected;
}

/** Inverse-CDF draw over probabilities[0..supportEnd) for a uniform u in [0, 1). */
export function sampleIndex(probabilities: Float64Array, supportEnd: number, u: number): number {
  let cumulative = 0;
  for (let i = 0; i < supportEnd; i++) {
    cumulative += probabilities[i] as number;
    if (u < cumulative) return i;
  }
  // Rounding can leave the cumulative sum a hair below 1; u then belongs to the last supported rank.
  return supportEnd - 1;
}
