/** The rolling window a requests-per-minute limit is counted over. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/** What the limiter decided for one request, with what the rate-limit headers report. */
export interface RateLimitDecision {
  admitted: boolean;
  /** Requests per minute allowed. */
  limit: number;
  /** Requests still allowed in the current rolling minute after this one. */
  remaining: number;
  /** When the window is empty again (every admitted request has left it): the headers' "reset". */
  resetAtMs: number;
  /** Refused only: seconds until the oldest admitted request leaves the window (a slot is free). */
  retryAfterSeconds?: number;
}

/** Counters for the stats: what was admitted and refused, and the busiest rolling minute seen. */
export interface RateLimitStats {
  /** The configured limit, or null when the server does not limit requests. */
  requestsPerMinute: number | null;
  admitted: number;
  /** Requests refused with a 429 because the limit was reached (injected 429 faults are not counted here). */
  limited: number;
  /** The most requests admitted within any rolling minute (counted with or without a limit). */
  busiestMinute: number;
}

/**
 * A per-minute request limit over a rolling window, shared by every connection of the server (one
 * account's limit, as a provider enforces it whichever replica or connection asks). A request is
 * admitted when fewer than `requestsPerMinute` requests were admitted in the last 60 s; refused
 * requests do not count against the limit. Without a limit every request is admitted, and the
 * window is still kept so `busiestMinute` shows the load a client produced.
 */
export class RollingRequestLimit {
  /** Admission times within the window, oldest first; `head` skips the ones that left it. */
  private admittedAt: number[] = [];
  private head = 0;
  private counters: RateLimitStats;

  constructor(
    private readonly requestsPerMinute: number | undefined,
    private readonly now: () => number = Date.now,
  ) {
    if (requestsPerMinute !== undefined && (!Number.isInteger(requestsPerMinute) || requestsPerMinute < 1)) {
      throw new RangeError(`rateLimitRpm must be an integer ≥ 1, got ${requestsPerMinute}`);
    }
    this.counters = this.emptyCounters();
  }

  get enabled(): boolean {
    return this.requestsPerMinute !== undefined;
  }

  /** Admits (and counts) the request now, or refuses it when the rolling minute is full. */
  take(): RateLimitDecision {
    const now = this.now();
    this.forgetBefore(now - RATE_LIMIT_WINDOW_MS);
    const inWindow = this.admittedAt.length - this.head;
    const limit = this.requestsPerMinute ?? Number.POSITIVE_INFINITY;
    if (inWindow >= limit) {
      this.counters.limited++;
      const oldest = this.admittedAt[this.head] as number;
      const newest = this.admittedAt[this.admittedAt.length - 1] as number;
      return {
        admitted: false,
        limit,
        remaining: 0,
        resetAtMs: newest + RATE_LIMIT_WINDOW_MS,
        // Whole seconds, as the real header; rounded up so a client waiting that long gets through.
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + RATE_LIMIT_WINDOW_MS - now) / 1000)),
      };
    }
    this.admittedAt.push(now);
    this.counters.admitted++;
    this.counters.busiestMinute = Math.max(this.counters.busiestMinute, inWindow + 1);
    return { admitted: true, limit, remaining: limit - inWindow - 1, resetAtMs: now + RATE_LIMIT_WINDOW_MS };
  }

  stats(): RateLimitStats {
    return { ...this.counters };
  }

  reset(): void {
    this.admittedAt = [];
    this.head = 0;
    this.counters = this.emptyCounters();
  }

  private forgetBefore(cutoff: number): void {
    while (this.head < this.admittedAt.length && (this.admittedAt[this.head] as number) <= cutoff) this.head++;
    // Compact now and then so a long-running server does not keep every admission.
    if (this.head > 1024 && this.head * 2 > this.admittedAt.length) {
      this.admittedAt = this.admittedAt.slice(this.head);
      this.head = 0;
    }
  }

  private emptyCounters(): RateLimitStats {
    return { requestsPerMinute: this.requestsPerMinute ?? null, admitted: 0, limited: 0, busiestMinute: 0 };
  }
}

/** Anthropic's request-limit headers (reset in RFC 3339), sent on every limited-route response. */
export function anthropicRateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'anthropic-ratelimit-requests-limit': String(decision.limit),
    'anthropic-ratelimit-requests-remaining': String(decision.remaining),
    'anthropic-ratelimit-requests-reset': new Date(decision.resetAtMs).toISOString(),
    ...retryAfter(decision),
  };
}

/** OpenAI's equivalents: the reset is a duration from now (`1500ms`), not a timestamp. */
export function openAiRateLimitHeaders(decision: RateLimitDecision, nowMs: number = Date.now()): Record<string, string> {
  return {
    'x-ratelimit-limit-requests': String(decision.limit),
    'x-ratelimit-remaining-requests': String(decision.remaining),
    'x-ratelimit-reset-requests': `${Math.max(0, decision.resetAtMs - nowMs)}ms`,
    ...retryAfter(decision),
  };
}

function retryAfter(decision: RateLimitDecision): Record<string, string> {
  return decision.retryAfterSeconds === undefined ? {} : { 'retry-after': String(decision.retryAfterSeconds) };
}
