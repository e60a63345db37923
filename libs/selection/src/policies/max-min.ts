/**
 * The max–min solution shared by ALKDRec and RAD-BC (REFERENCE §5): over a pool of n sessions ranked
 * hardest first, H_k = Σ_{r≤k} 1/a_r, G_k = Σ_{r≤k} b_r, Γ(k) = (G_k + offset) / H_k,
 * k* = argmax Γ, and p*_r ∝ 1/a_r on the support below k*.
 */

/** a_r = g_ef(r) · gainMultiple in this regime; b_r is constant within a regime. */
export interface MaxMinRegime {
  /** 1 / (a_r / g_ef(r)): multiplies r^μ to give 1/a_r. */
  inverseGainFactor: number;
  benefit: number;
}

export interface MaxMinProfile {
  /** Ranks 1..lowerEnd follow `lower`, ranks above follow `upper`. */
  lowerEnd: number;
  lower: MaxMinRegime;
  upper: MaxMinRegime;
  /** Constant added to G_k in Γ's numerator, e.g. N(k1 + k2 − 1). */
  offset: number;
}

export interface MaxMinDistribution {
  /** argmax_k Γ(k) as a 1-based rank; the reference's 0-based argmax is kStar − 1. */
  kStar: number;
  /** Ranks 1..supportEnd carry positive probability; ranks above carry 0. */
  supportEnd: number;
  /** probabilities[r − 1] = p*_r, summing to 1. */
  probabilities: Float64Array;
}

/**
 * @param powers (r / nMax)^μ for r = 0..nMax with nMax ≥ n (see rankPowers).
 * @param includeKStar false = the reference code (p* = 0 from k* on); true = the paper's
 *   Definition 1 (k* itself included).
 * @param buffer reused for the probabilities when long enough, so a draw loop allocates once.
 */
export function solveMaxMin(
  n: number,
  profile: MaxMinProfile,
  powers: Float64Array,
  includeKStar: boolean,
  buffer?: Float64Array,
): MaxMinDistribution {
  if (n < 1) throw new RangeError('the max–min policy needs a non-empty pool');
  if (powers.length <= n) throw new RangeError(`rank powers cover ${powers.length - 1} ranks, pool has ${n}`);
  const probabilities = buffer && buffer.length >= n ? buffer.subarray(0, n) : new Float64Array(n);

  let h = 0;
  let g = 0;
  let kStar = 1;
  let bestGamma = -Infinity;
  for (let r = 1; r <= n; r++) {
    const regime = r <= profile.lowerEnd ? profile.lower : profile.upper;
    const inverseGain = (powers[r] as number) * regime.inverseGainFactor;
    probabilities[r - 1] = inverseGain;
    h += inverseGain;
    g += regime.benefit;
    const gamma = (g + profile.offset) / h;
    // Strict '>' keeps the first maximum, as numpy's argmax does.
    if (gamma > bestGamma) {
      bestGamma = gamma;
      kStar = r;
    }
  }

  // With k* = 1 the reference's support (r < k*) is empty; only tiny pools reach it (the end of a
  // draw that exhausts the pool), and the one sensible draw there is rank 1 itself.
  const supportEnd = includeKStar || kStar === 1 ? kStar : kStar - 1;
  normaliseSupport(probabilities, supportEnd);
  return { kStar, supportEnd, probabilities };
}

/** p*_r ∝ weight_r on ranks 1..supportEnd, 0 above; divided by the max first so the sum is exact-ish. */
function normaliseSupport(weights: Float64Array, supportEnd: number): void {
  let max = 0;
  for (let i = 0; i < supportEnd; i++) max = Math.max(max, weights[i] as number);
  if (!(max > 0)) throw new RangeError('the max–min support has no positive weight');
  let total = 0;
  for (let i = 0; i < supportEnd; i++) {
    const scaled = (weights[i] as number) / max;
    weights[i] = scaled;
    total += scaled;
  }
  for (let i = 0; i < supportEnd; i++) weights[i] = (weights[i] as number) / total;
  weights.fill(0, supportEnd);
}
