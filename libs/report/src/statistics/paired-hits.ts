import { twoSidedBinomialP } from './binomial';
import { twoSidedNormalP } from './normal';

/** One stratum (a seed): the two variants' hit (true) or miss per test session, in the same order. */
export interface PairedHits {
  a: readonly boolean[];
  b: readonly boolean[];
}

export interface McNemarResult {
  /** Σ_k b_k: sessions A hits and B misses. */
  aOnly: number;
  /** Σ_k c_k: sessions B hits and A misses. */
  bOnly: number;
  /** Σ(b_k − c_k) / √Σ(b_k + c_k); 0 when there is no discordant pair. */
  z: number;
  p: number;
  /** Whether p is the exact binomial one (few discordant pairs) rather than the normal approximation. */
  exact: boolean;
}

/** Below this many discordant pairs the normal approximation is replaced by the exact binomial. */
export const EXACT_BELOW = 100;

/**
 * Stratified McNemar (Cochran–Mantel–Haenszel for matched pairs) with seed as stratum: within a seed
 * both variants are scored on the same test sessions, so each session is a matched pair and only the
 * discordant ones (b_k: A right, B wrong; c_k: the reverse) carry information. Under H0 each
 * discordant pair is A's or B's with probability ½, so Σ(b_k − c_k)/√Σ(b_k + c_k) is standard normal;
 * with fewer than EXACT_BELOW discordant pairs the p is the exact binomial(Σ(b+c), ½) one instead.
 */
export function stratifiedMcNemar(strata: readonly PairedHits[]): McNemarResult {
  let aOnly = 0;
  let bOnly = 0;
  strata.forEach((stratum, index) => {
    if (stratum.a.length !== stratum.b.length) throw new RangeError(`stratum ${index}: ${stratum.a.length} vs ${stratum.b.length} sessions — the variants were not scored on the same test sessions`);
    for (let i = 0; i < stratum.a.length; i++) {
      if (stratum.a[i] && !stratum.b[i]) aOnly++;
      else if (!stratum.a[i] && stratum.b[i]) bOnly++;
    }
  });
  const discordant = aOnly + bOnly;
  if (discordant === 0) return { aOnly, bOnly, z: 0, p: 1, exact: true };
  const z = (aOnly - bOnly) / Math.sqrt(discordant);
  const exact = discordant < EXACT_BELOW;
  return { aOnly, bOnly, z, p: exact ? twoSidedBinomialP(aOnly, discordant) : twoSidedNormalP(z), exact };
}
