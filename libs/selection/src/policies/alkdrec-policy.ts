import { MaxMinDistribution, MaxMinProfile, solveMaxMin } from './max-min';
import { requirePositive, requireShare } from './option-checks';
import { rankPowers } from './rank-powers';

export interface AlkdrecPolicyOptions {
  /** Gain decay: g_ef(r) = r^(−μ). */
  mu?: number;
  /** k1: expected share of effective sessions (LLM right, student wrong). */
  effectiveShare?: number;
  /** k2: expected share of similar sessions (LLM agrees with the student). */
  similarShare?: number;
  /** Include rank k* in the support (paper's Definition 1); default false, as the reference code. */
  includeKStar?: boolean;
}

export const ALKDREC_DEFAULTS: Required<AlkdrecPolicyOptions> = {
  mu: 10,
  effectiveShare: 0.1,
  similarShare: 0.5,
  includeKStar: false,
};

/** Defaults filled in and checked. */
export function resolveAlkdrecOptions(options: AlkdrecPolicyOptions = {}): Required<AlkdrecPolicyOptions> {
  const resolved = { ...ALKDREC_DEFAULTS, ...options };
  requirePositive('mu', resolved.mu);
  requireShare('effectiveShare', resolved.effectiveShare);
  requireShare('similarShare', resolved.similarShare);
  requireShare('effectiveShare + similarShare', resolved.effectiveShare + resolved.similarShare);
  return resolved;
}

// g_si = g_in = g_ef / 2 (REFERENCE §5), so in units of g_ef:
const SIMILAR_GAIN = 0.5;
const INCORRECT_GAIN = 0.5;
const EFFECTIVE_GAIN = 1;

/**
 * ALKDRec's profile for a pool of n: up to rank N(1 − k1), a_r = g_si + g_in and b_r = g_si/a_r;
 * above it, a_r = g_ef + g_in and b_r = g_ef/a_r; offset N(k1 + k2 − 1).
 * The boundary is floor(N(1 − k1)), the reference's integer slice; it reproduces §5's k* figures.
 */
export function alkdrecProfile(n: number, options: Required<AlkdrecPolicyOptions>): MaxMinProfile {
  const lowerGain = SIMILAR_GAIN + INCORRECT_GAIN;
  const upperGain = EFFECTIVE_GAIN + INCORRECT_GAIN;
  return {
    lowerEnd: Math.floor(n * (1 - options.effectiveShare)),
    lower: { inverseGainFactor: 1 / lowerGain, benefit: SIMILAR_GAIN / lowerGain },
    upper: { inverseGainFactor: 1 / upperGain, benefit: EFFECTIVE_GAIN / upperGain },
    offset: n * (options.effectiveShare + options.similarShare - 1),
  };
}

/** ALKDRec's k* and p* for a pool of n sessions ranked hardest first. */
export function alkdrecDistribution(n: number, options: AlkdrecPolicyOptions = {}): MaxMinDistribution {
  const resolved = resolveAlkdrecOptions(options);
  return solveMaxMin(n, alkdrecProfile(n, resolved), rankPowers(n, resolved.mu), resolved.includeKStar);
}
