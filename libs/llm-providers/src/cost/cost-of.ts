import { callCost, estimateCallCost, upperBoundInputTokens, type PriceTable } from '@alkdrec/llm';
import type { LlmCompletion, LlmProvider, LlmRequest } from '../llm-provider';

type Priced = Pick<LlmProvider, 'model' | 'traits'>;

/**
 * What a completion cost in USD: 0 for recorded answers and for "not available" (nothing was
 * billed); else libs/llm's price table at the reported tokens, half price through the batch API. A
 * model without a price is an UnknownModelPriceError (never silently free): configure one, 0/0 for
 * a local server.
 */
export function costOf(provider: Priced, completion: LlmCompletion, prices?: PriceTable): number {
  if (provider.traits.recorded || completion.kind === 'not-available') return 0;
  return callCost(
    { model: provider.model, inputTokens: completion.inputTokens, outputTokens: completion.outputTokens, batch: provider.traits.batchPriced },
    prices,
  );
}

/** The most a request can cost, to reserve on a run's budget before sending it. */
export function maxCostOf(provider: Priced, request: LlmRequest, prices?: PriceTable): number {
  if (provider.traits.recorded) return 0;
  const texts = [...(request.system === undefined ? [] : [request.system]), ...(request.earlierTurns ?? []).flatMap((t) => [t.user, t.assistant]), request.user];
  return estimateCallCost(
    { model: provider.model, inputTokens: upperBoundInputTokens(texts), maxOutputTokens: request.maxTokens, batch: provider.traits.batchPriced },
    prices,
  );
}
