import type { LlmProviderName } from '../llm-provider';

export interface ProviderErrorDetails {
  provider: LlmProviderName;
  /** HTTP status when the provider answered; undefined for timeouts and connection failures. */
  status?: number;
  /** The error's own class, e.g. `rate_limit_error`, `overloaded_error`, `timeout`, `ECONNRESET`. */
  errorClass: string;
  cause?: unknown;
  /**
   * The request may still be answered and billed (a Message Batch carries it): the caller stopped
   * waiting, but must not record it as failed — whoever collects the batch records its outcome.
   */
  outcomePending?: boolean;
}

/**
 * A failed provider call, classified by what the caller should do about it. The API key is never
 * part of a message: messages are built from status, error type and the provider's own message.
 */
export abstract class ProviderError extends Error {
  readonly provider: LlmProviderName;
  readonly status: number | undefined;
  readonly errorClass: string;
  /** See ProviderErrorDetails.outcomePending. */
  readonly outcomePending: boolean;
  /** What the worker should do: wait (`rate-limit`), retry with backoff (`transient`), give up (`permanent`). */
  abstract readonly disposition: 'rate-limit' | 'transient' | 'permanent';

  constructor(message: string, details: ProviderErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.provider = details.provider;
    this.status = details.status;
    this.errorClass = details.errorClass;
    this.outcomePending = details.outcomePending ?? false;
  }
}

/** 429: the provider wants us to slow down. Not billed. Map to BullMQ's rate-limit delay. */
export class ProviderRateLimitError extends ProviderError {
  override readonly name = 'ProviderRateLimitError';
  readonly disposition = 'rate-limit' as const;

  constructor(
    message: string,
    details: ProviderErrorDetails,
    /** From the `retry-after` header; undefined when the provider gave none (use the queue's backoff). */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message, details);
  }
}

/** 529 overloaded, 5xx, timeouts, resets, aborts: worth another try later. Map to a BullMQ retry with backoff. */
export class ProviderTransientError extends ProviderError {
  override readonly name = 'ProviderTransientError';
  readonly disposition = 'transient' as const;
}

/** 400, 401/403, 404, 413, 422: the same request will fail again. Map to BullMQ's UnrecoverableError. */
export class ProviderPermanentError extends ProviderError {
  override readonly name = 'ProviderPermanentError';
  readonly disposition = 'permanent' as const;
}

/** A real provider was configured without its API key in the environment. */
export class MissingApiKeyError extends Error {
  override readonly name = 'MissingApiKeyError';

  constructor(readonly provider: LlmProviderName, readonly variable: string) {
    super(`the ${provider} provider needs an API key: set the environment variable ${variable} (or configure another variable name)`);
  }
}
