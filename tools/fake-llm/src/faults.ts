import { createRng } from '@alkdrec/recsys';
import { seedFrom } from './stable-hash';

/**
 * What can go wrong with one generation. HTTP faults answer with the provider's error status;
 * `hang` never answers; `malformed` and `off-candidate` answer 200 with a useless ranking.
 */
export const FAULT_KINDS = ['rate-limit-429', 'overloaded-529', 'server-error-500', 'hang', 'malformed', 'off-candidate'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Where a generation was requested; a batch item is one request inside a Message Batch. */
export const GENERATION_ENDPOINTS = ['messages', 'batch-item', 'chat-completions'] as const;
export type GenerationEndpoint = (typeof GENERATION_ENDPOINTS)[number];

/** Probability per generation of each fault, drawn once per request; the sum must be ≤ 1. */
export type FaultProbabilities = Partial<Record<FaultKind, number>>;

/**
 * A deterministic fault for exact tests: the first `count` generations that match get `fault`.
 * `endpoint` and `promptIncludes` narrow the match (both optional: no filter matches everything).
 */
export interface FaultRule {
  fault: FaultKind;
  count: number;
  endpoint?: GenerationEndpoint;
  promptIncludes?: string;
}

export interface FaultContext {
  endpoint: GenerationEndpoint;
  prompt: string;
  promptHash: string;
  /** 0 for the first time this exact prompt is seen, 1 for its first retry, … */
  attempt: number;
  /** `off-candidate` only makes sense for a ranking prompt; on others it is not injected. */
  isRanking: boolean;
}

export function validateFaultProbabilities(faults: FaultProbabilities): FaultProbabilities {
  let sum = 0;
  for (const [kind, p] of Object.entries(faults)) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new RangeError(`unknown fault kind ${JSON.stringify(kind)}`);
    if (p === undefined) continue;
    if (!Number.isFinite(p) || p < 0 || p > 1) throw new RangeError(`fault ${kind} probability must be in [0, 1], got ${p}`);
    sum += p;
  }
  if (sum > 1 + 1e-9) throw new RangeError(`fault probabilities sum to ${sum} > 1`);
  return faults;
}

export function validateFaultRule(rule: FaultRule): FaultRule {
  if (!(FAULT_KINDS as readonly string[]).includes(rule.fault)) throw new RangeError(`unknown fault kind ${JSON.stringify(rule.fault)}`);
  if (!Number.isInteger(rule.count) || rule.count < 0) throw new RangeError(`fault rule count must be an integer ≥ 0, got ${rule.count}`);
  if (rule.endpoint !== undefined && !(GENERATION_ENDPOINTS as readonly string[]).includes(rule.endpoint)) {
    throw new RangeError(`unknown endpoint ${JSON.stringify(rule.endpoint)}; one of ${GENERATION_ENDPOINTS.join(', ')}`);
  }
  return rule;
}

/**
 * Decides the fault (if any) for each generation: scheduled rules first, in order, then one draw
 * against the probabilities. The draw's generator is seeded by (seed, prompt hash, attempt), so
 * the same jobs meet the same faults in every run however their requests interleave.
 */
export class FaultPlanner {
  private remaining: number[];

  constructor(
    private readonly seed: number,
    private readonly probabilities: FaultProbabilities,
    private readonly rules: readonly FaultRule[],
  ) {
    this.remaining = rules.map((rule) => rule.count);
  }

  decide(context: FaultContext): FaultKind | undefined {
    const scheduled = this.takeScheduled(context);
    if (scheduled !== undefined) return scheduled;

    const u = createRng(seedFrom(this.seed, 'fault', context.promptHash, context.attempt)).next();
    let cumulative = 0;
    for (const kind of FAULT_KINDS) {
      cumulative += this.probabilities[kind] ?? 0;
      if (u < cumulative) return kind === 'off-candidate' && !context.isRanking ? undefined : kind;
    }
    return undefined;
  }

  /** Forgets how many scheduled faults were used: the schedule starts over. */
  reset(): void {
    this.remaining = this.rules.map((rule) => rule.count);
  }

  private takeScheduled(context: FaultContext): FaultKind | undefined {
    for (const [index, rule] of this.rules.entries()) {
      if ((this.remaining[index] ?? 0) === 0) continue;
      if (rule.endpoint !== undefined && rule.endpoint !== context.endpoint) continue;
      if (rule.promptIncludes !== undefined && !context.prompt.includes(rule.promptIncludes)) continue;
      if (rule.fault === 'off-candidate' && !context.isRanking) continue;
      this.remaining[index] = (this.remaining[index] ?? 0) - 1;
      return rule.fault;
    }
    return undefined;
  }
}
