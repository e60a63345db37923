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

/** Probability per generation of each fault (the share of generations that get it); the sum must be ≤ 1. */
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
  /** 0 for the first time this exact prompt is seen, 1 for its first retry, …: keys the transport draw only. */
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
 * Faults of the transport: the provider refuses or never answers, and asking again may go through.
 * Content faults (the others) are what the model answers: a model at temperature 0 answers the same
 * prompt the same way, so they depend on the prompt alone.
 */
export const TRANSPORT_FAULTS = ['rate-limit-429', 'overloaded-529', 'server-error-500', 'hang'] as const satisfies readonly FaultKind[];
export const CONTENT_FAULTS = ['malformed', 'off-candidate'] as const satisfies readonly FaultKind[];

/**
 * Decides the fault (if any) for each generation: scheduled rules first, in order, then two draws.
 * The transport draw is seeded by (seed, prompt hash, attempt): a retry meets a fresh one. When it
 * lets the request through, the content draw is seeded by (seed, prompt hash) alone: every attempt
 * of a prompt that gets an answer gets the same answer, useless or not, however often it was asked
 * before (so a run interrupted and asked again ends with the same answers as one that was not).
 * The content draw is conditioned on passing the transport draw (P(malformed | no transport fault)
 * = p_malformed / (1 − p_transport)), so each probability is still the share of generations that
 * get that fault. Both draws depend only on what was asked and how often, never on arrival order.
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

    const transport = this.draw(TRANSPORT_FAULTS, createRng(seedFrom(this.seed, 'fault', context.promptHash, context.attempt)).next());
    if (transport !== undefined) return transport;
    const passed = 1 - this.total(TRANSPORT_FAULTS);
    if (passed <= 0) return undefined;
    const content = this.draw(CONTENT_FAULTS, createRng(seedFrom(this.seed, 'content-fault', context.promptHash)).next() * passed);
    return content === 'off-candidate' && !context.isRanking ? undefined : content;
  }

  /** The kind whose share of [0, Σp) holds `u`, in the listed order; none when `u` is beyond them all. */
  private draw<K extends FaultKind>(kinds: readonly K[], u: number): K | undefined {
    let cumulative = 0;
    for (const kind of kinds) {
      cumulative += this.probabilities[kind] ?? 0;
      if (u < cumulative) return kind;
    }
    return undefined;
  }

  private total(kinds: readonly FaultKind[]): number {
    return kinds.reduce((sum, kind) => sum + (this.probabilities[kind] ?? 0), 0);
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
