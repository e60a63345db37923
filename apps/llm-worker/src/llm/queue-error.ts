import { ContractViolation } from '@alkdrec/contracts';
import { DatasetNotFoundError } from '@alkdrec/db';
import { PromptInputError, UnknownModelPriceError } from '@alkdrec/llm';
import { ProviderPermanentError, ProviderRateLimitError } from '@alkdrec/llm-providers';
import { UnrecoverableError, Worker } from 'bullmq';

/**
 * Turns a failed LLM job into what BullMQ should do (STYLE: classify errors):
 * - provider 429: delay the whole queue by the provider's retry-after (the documented manual
 *   rate-limit pattern); the job goes back to waiting without using up an attempt;
 * - permanent (400, auth, a payload or dataset that will never work, a model without a price):
 *   UnrecoverableError, so the job fails now instead of after every retry;
 * - anything else (529, 500, timeouts, a prompt claimed by another job): the original error,
 *   retried with the tuning table's exponential backoff.
 */
export async function toQueueError(error: unknown, worker: Worker, fallbackDelayMs: number): Promise<Error> {
  if (error instanceof ProviderRateLimitError) {
    await worker.rateLimit(error.retryAfterMs ?? fallbackDelayMs);
    return Worker.RateLimitError();
  }
  if (
    error instanceof ProviderPermanentError ||
    error instanceof ContractViolation ||
    error instanceof PromptInputError ||
    error instanceof DatasetNotFoundError ||
    error instanceof UnknownModelPriceError ||
    error instanceof RangeError
  ) {
    return new UnrecoverableError(`${error.name}: ${error.message}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
