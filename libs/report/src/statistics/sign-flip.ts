import { createRng } from '@alkdrec/recsys';

export interface SignFlipOptions {
  /** Random sign assignments drawn (default 10,000). */
  draws?: number;
  /** Seeds the generator, so a report repeats its digits. */
  seed?: number;
}

export interface SignFlipResult {
  /** Mean per-session difference A − B over every stratum's sessions. */
  meanDifference: number;
  /** (1 + #{|T*| ≥ |T|}) / (draws + 1): never 0, as a permutation p should not be. */
  p: number;
  draws: number;
}

/**
 * Paired sign-flip permutation test on per-session differences (e.g. NDCG@10 of A minus B), with
 * the pairs formed within a stratum (a seed: same test sessions, same seed). Under H0 A and B are
 * exchangeable within each pair, so each difference's sign is a fair coin; T = Σ d_i is compared to
 * T* = Σ ±d_i over `draws` random sign vectors. Sessions where both score the same (d = 0, most of
 * them) cannot move T* and are skipped. Two-sided.
 */
export function signFlipTest(strata: readonly (readonly number[])[], options: SignFlipOptions = {}): SignFlipResult {
  const draws = options.draws ?? 10_000;
  const rng = createRng(options.seed ?? 1);
  const nonzero: number[] = [];
  let total = 0;
  let count = 0;
  for (const differences of strata) {
    for (const d of differences) {
      if (!Number.isFinite(d)) throw new RangeError(`a difference is ${d}`);
      count++;
      total += d;
      if (d !== 0) nonzero.push(Math.abs(d));
    }
  }
  if (count === 0) throw new RangeError('a sign-flip test needs at least one pair');
  const observed = Math.abs(total);
  // Rounding: sums of the same magnitudes in another order may differ in the last bits.
  const tolerance = 1e-12 * nonzero.reduce((s, d) => s + d, 0);
  let asExtreme = 0;
  for (let draw = 0; draw < draws; draw++) {
    let t = 0;
    // One 32-bit draw gives 32 fair signs.
    let bits = 0;
    for (let i = 0; i < nonzero.length; i++) {
      if ((i & 31) === 0) bits = (rng.next() * 4294967296) >>> 0;
      t += bits & 1 ? (nonzero[i] as number) : -(nonzero[i] as number);
      bits >>>= 1;
    }
    if (Math.abs(t) >= observed - tolerance) asExtreme++;
  }
  return { meanDifference: total / count, p: (1 + asExtreme) / (draws + 1), draws };
}
