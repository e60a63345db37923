import { setTimeout as sleep } from 'node:timers/promises';

export interface DbRetryOptions {
  /** Tries in all (default 8). */
  attempts?: number;
  /** First pause; doubles each time, capped at 5 s (default 250 ms: ~15 s over 8 tries). */
  firstDelayMs?: number;
  /** Told about each failed try that will be retried. */
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Runs an idempotent write again when it fails — a PostgreSQL connection terminated or a failover
 * in progress — so that something already paid for (an LLM answer that has arrived) is not lost to
 * a moment without a database. Only for writes that change nothing when repeated (the ledger's
 * transitions start from a state the first success leaves): a retry after a success whose reply
 * was lost is then harmless. Argument errors (RangeError, TypeError) are bugs and fail at once.
 */
export async function withDbRetry<T>(write: () => Promise<T>, options: DbRetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 8;
  let delayMs = options.firstDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || error instanceof RangeError || error instanceof TypeError) throw error;
      options.onRetry?.(error, attempt);
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, 5_000);
    }
  }
}
