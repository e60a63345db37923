import type { LlmProviderName } from '../llm-provider';
import { ProviderPermanentError, ProviderRateLimitError, ProviderTransientError, type ProviderError } from './provider-errors';

export interface HttpFailure {
  provider: LlmProviderName;
  status: number;
  /** The provider's error type (`rate_limit_error`, …) when its body said; else `http_<status>`. */
  errorClass?: string;
  message: string;
  retryAfterHeader?: string | null;
  cause?: unknown;
}

/**
 * Sorts an HTTP error status into what to do next. 408 (request timeout), 409 (conflict, e.g. a
 * concurrent-request lock) and every 5xx including Anthropic's 529 "overloaded" are transient;
 * 429 is a rate limit; any other 4xx is the request's own fault and would fail again.
 */
export function classifyHttpFailure(failure: HttpFailure): ProviderError {
  const details = {
    provider: failure.provider,
    status: failure.status,
    errorClass: failure.errorClass ?? `http_${failure.status}`,
    cause: failure.cause,
  };
  const message = `${failure.provider}: HTTP ${failure.status} ${details.errorClass}: ${failure.message}`;
  if (failure.status === 429) {
    return new ProviderRateLimitError(message, details, parseRetryAfterMs(failure.retryAfterHeader));
  }
  if (failure.status >= 500 || failure.status === 408 || failure.status === 409) return new ProviderTransientError(message, details);
  return new ProviderPermanentError(message, details);
}

/**
 * `retry-after` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). Returns milliseconds,
 * or undefined when absent or unreadable (the queue's own backoff applies then).
 */
export function parseRetryAfterMs(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A call that got no HTTP answer at all: timed out, aborted, or the connection failed. */
export function transportFailure(provider: LlmProviderName, errorClass: string, message: string, cause?: unknown): ProviderTransientError {
  return new ProviderTransientError(`${provider}: ${errorClass}: ${message}`, { provider, errorClass, cause });
}
