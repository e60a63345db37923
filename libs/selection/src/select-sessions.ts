import { createRng } from '@alkdrec/recsys';
import { AlkdrecPolicyOptions, alkdrecProfile, resolveAlkdrecOptions } from './policies/alkdrec-policy';
import { RadBcPolicyOptions, radBcProfile, resolveRadBcOptions } from './policies/rad-bc-policy';
import { rankHardestFirst } from './pool/rank-pool';
import { drawByMaxMin } from './strategies/max-min-draw';
import { drawEasiest, drawHardest, takeAll } from './strategies/ordered-draw';
import { drawUniform } from './strategies/uniform-draw';
import type { PoolSession, SelectedSession, SelectionResult, SelectionStrategy } from './types';

/** The paper's budget |B| (750 for FPMC on Games is passed explicitly). */
export const DEFAULT_BUDGET = 500;

export interface SelectSessionsInput {
  strategy: SelectionStrategy;
  pool: readonly PoolSession[];
  /** Sessions to select; ignored by `tr`, which takes them all. */
  budget?: number;
  seed: number;
  alkdrec?: AlkdrecPolicyOptions;
  radBc?: RadBcPolicyOptions;
}

/** Ranks the pool hardest first and selects `budget` sessions with the given strategy. */
export function selectSessions(input: SelectSessionsInput): SelectionResult {
  // createRng truncates to 32 bits, so 1.5 and 1 (or NaN and 0) would silently share a stream.
  if (!Number.isSafeInteger(input.seed)) throw new RangeError(`seed must be an integer, got ${input.seed}`);
  const ranked = rankHardestFirst(input.pool);
  const budget = input.budget ?? DEFAULT_BUDGET;
  if (input.strategy === 'tr') {
    return { strategy: 'tr', selected: takeAll(ranked), distillationTarget: { source: 'teacher-top-50', weight: 1 } };
  }
  if (!Number.isInteger(budget) || budget < 0) throw new RangeError(`budget must be a non-negative integer, got ${budget}`);
  if (budget > ranked.length) {
    throw new RangeError(`budget ${budget} exceeds the pool of ${ranked.length} sessions (strategy ${input.strategy})`);
  }
  return {
    strategy: input.strategy,
    selected: drawWithStrategy(input.strategy, input, ranked, budget),
    distillationTarget: { source: 'llm-ranking' },
  };
}

function drawWithStrategy(
  strategy: Exclude<SelectionStrategy, 'tr'>,
  input: SelectSessionsInput,
  ranked: PoolSession[],
  budget: number,
): SelectedSession[] {
  switch (strategy) {
    case 'hardest':
      return drawHardest(ranked, budget);
    case 'easiest':
      return drawEasiest(ranked, budget);
    case 'random':
      return drawUniform(ranked, budget, createRng(input.seed));
    case 'alkdrec': {
      const options = resolveAlkdrecOptions(input.alkdrec);
      return drawByMaxMin(ranked, budget, createRng(input.seed), {
        mu: options.mu,
        includeKStar: options.includeKStar,
        profile: (n) => alkdrecProfile(n, options),
      });
    }
    case 'rad-bc': {
      const options = resolveRadBcOptions(input.radBc);
      return drawByMaxMin(ranked, budget, createRng(input.seed), {
        mu: options.mu,
        includeKStar: options.includeKStar,
        profile: (n) => radBcProfile(n, options),
      });
    }
  }
}
