import { MaxMinDistribution, MaxMinProfile, solveMaxMin } from './max-min';
import { requirePositive, requireShare } from './option-checks';
import { rankPowers } from './rank-powers';

export interface RadBcPolicyOptions {
  /** Gain decay: g(r) = r^(−μ). */
  mu?: number;
  /** k: expected share of sessions the teacher gets right. */
  correctShare?: number;
  /** Include rank k* in the support; default false, as the reference code. */
  includeKStar?: boolean;
}

export const RAD_BC_DEFAULTS: Required<RadBcPolicyOptions> = { mu: 10, correctShare: 0.6, includeKStar: false };

/** Defaults filled in and checked. */
export function resolveRadBcOptions(options: RadBcPolicyOptions = {}): Required<RadBcPolicyOptions> {
  const resolved = { ...RAD_BC_DEFAULTS, ...options };
  requirePositive('mu', resolved.mu);
  requireShare('correctShare', resolved.correctShare);
  return resolved;
}

// l = g / 2 (REFERENCE §5), so g + l = 1.5 g at every rank.
const LOSS_GAIN = 0.5;

/**
 * RAD-BC (Baykal et al., binary correct/incorrect): one regime, 1/a_r = 1/(g + l),
 * b_r = g/(g + l), offset N(k − 1).
 */
export function radBcProfile(n: number, options: Required<RadBcPolicyOptions>): MaxMinProfile {
  const regime = { inverseGainFactor: 1 / (1 + LOSS_GAIN), benefit: 1 / (1 + LOSS_GAIN) };
  return { lowerEnd: n, lower: regime, upper: regime, offset: n * (options.correctShare - 1) };
}

/** RAD-BC's k* and p* for a pool of n sessions ranked hardest first. */
export function radBcDistribution(n: number, options: RadBcPolicyOptions = {}): MaxMinDistribution {
  const resolved = resolveRadBcOptions(options);
  return solveMaxMin(n, radBcProfile(n, resolved), rankPowers(n, resolved.mu), resolved.includeKStar);
}
