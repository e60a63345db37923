import { FAULT_KINDS, GENERATION_ENDPOINTS, type FaultKind, type GenerationEndpoint } from './faults';
import type { RateLimitStats } from './request-rate-limit';

/** The HTTP routes the simulation serves (control routes under /_fake are not counted). */
export const ROUTES = ['messages', 'batches.create', 'batches.list', 'batches.retrieve', 'batches.results', 'chat.completions', 'unknown'] as const;
export type RouteName = (typeof ROUTES)[number];

/** Where an answer's ranking came from. */
export type AnswerSource = 'recorded' | 'deterministic' | 'hints';

/** Requests the server refused on its own (not injected): the client sent something wrong. */
export type RejectionKind = 'authentication' | 'invalid-request' | 'not-found';

/**
 * Everything the server did, so a test or benchmark can check its client against the truth:
 * e.g. "the worker retried exactly as many 429s as were injected".
 */
export interface FakeLlmStats {
  /** HTTP requests per route, including refused and faulted ones. */
  requests: Record<RouteName, number>;
  /** Generations per endpoint (a batch of n requests counts n `batch-item`s). */
  generations: Record<GenerationEndpoint, number>;
  /** Faults injected, in total and per endpoint. */
  faults: Record<FaultKind, number>;
  faultsByEndpoint: Record<GenerationEndpoint, Record<FaultKind, number>>;
  /** Good answers served, by source (answers replaced by a fault are not counted here). */
  answers: Record<AnswerSource, number>;
  rejected: Record<RejectionKind, number>;
  batches: { created: number; requests: number };
  /**
   * Answers (HTTP 200 with a completion) actually sent to a client, i.e. billed by a real
   * provider: how many, for how many distinct prompts, and how many prompts were answered more
   * than once (paid twice). A batch's succeeded requests count when it is created (a batch
   * request is billed once processed, however often its results are read).
   */
  delivered: { answers: number; prompts: number; promptsAnsweredTwice: number };
  /**
   * The per-minute request limit of the generation routes (`rateLimitRpm`): requests admitted,
   * refused with a 429 by the limit (not counted as generations), and the busiest rolling minute.
   */
  rateLimit: RateLimitStats;
  /** Hanging requests not yet given up by their client. */
  hangingNow: number;
  /** Requests received and not yet answered: delayed answers and hanging requests. */
  inFlightNow: number;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

export class StatsCounter {
  private stats = StatsCounter.empty();
  private deliveredByPrompt = new Map<string, number>();

  static empty(): FakeLlmStats {
    return {
      requests: zeros(ROUTES),
      generations: zeros(GENERATION_ENDPOINTS),
      faults: zeros(FAULT_KINDS),
      faultsByEndpoint: Object.fromEntries(GENERATION_ENDPOINTS.map((e) => [e, zeros(FAULT_KINDS)])) as FakeLlmStats['faultsByEndpoint'],
      answers: zeros(['recorded', 'deterministic', 'hints'] as const),
      rejected: zeros(['authentication', 'invalid-request', 'not-found'] as const),
      batches: { created: 0, requests: 0 },
      delivered: { answers: 0, prompts: 0, promptsAnsweredTwice: 0 },
      rateLimit: { requestsPerMinute: null, admitted: 0, limited: 0, busiestMinute: 0 },
      hangingNow: 0,
      inFlightNow: 0,
    };
  }

  request(route: RouteName): void {
    this.stats.requests[route]++;
  }

  generation(endpoint: GenerationEndpoint): void {
    this.stats.generations[endpoint]++;
  }

  fault(endpoint: GenerationEndpoint, kind: FaultKind): void {
    this.stats.faults[kind]++;
    this.stats.faultsByEndpoint[endpoint][kind]++;
  }

  answer(source: AnswerSource): void {
    this.stats.answers[source]++;
  }

  rejection(kind: RejectionKind): void {
    this.stats.rejected[kind]++;
  }

  /** An answer went out to the client for the prompt with this hash. */
  delivered(promptHash: string): void {
    const times = (this.deliveredByPrompt.get(promptHash) ?? 0) + 1;
    this.deliveredByPrompt.set(promptHash, times);
    const delivered = this.stats.delivered;
    delivered.answers++;
    if (times === 1) delivered.prompts++;
    if (times === 2) delivered.promptsAnsweredTwice++;
  }

  batchCreated(requestCount: number): void {
    this.stats.batches.created++;
    this.stats.batches.requests += requestCount;
  }

  /** A deep copy: callers may keep it while the server goes on counting. */
  snapshot(live: { hangingNow: number; inFlightNow: number; rateLimit: RateLimitStats }): FakeLlmStats {
    return { ...structuredClone(this.stats), ...live, rateLimit: { ...live.rateLimit } };
  }

  reset(): void {
    this.stats = StatsCounter.empty();
    this.deliveredByPrompt = new Map();
  }
}
