/** Standard (non-batch) list price of a model, USD per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * List prices, USD per million tokens, as published when this table was written (late 2025).
 * CHECK THEM AGAINST THE PROVIDER'S PAGE BEFORE TRUSTING A BUDGET — prices change and a stale
 * table makes the budget cap wrong in silence:
 *   Anthropic: https://docs.anthropic.com/en/docs/about-claude/pricing
 *   OpenAI:    https://openai.com/api/pricing
 * A model missing here is an error (`UnknownModelPriceError`), never free: configure its price
 * (e.g. 0/0 for a local vLLM or llama.cpp server) instead.
 *
 * Only plain input and output tokens are priced: these prompts use no prompt caching, tools or
 * images, and stay far below Sonnet's 200k-token long-context tier. A dated snapshot id
 * ("claude-sonnet-4-5-20250929") takes the price of its alias ("claude-sonnet-4-5").
 *
 * For scale: the paper paid 8.6 USD for 500 GPT-4-turbo ranking calls, 0.0172 USD a call, which at
 * 10/30 USD per million is e.g. ~1,300 input and ~140 output tokens per call.
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-4-5': { inputPerMTok: 5, outputPerMTok: 25 },
  'claude-opus-4-1': { inputPerMTok: 15, outputPerMTok: 75 },
  'claude-sonnet-4-5': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
  // The paper's model, for comparing costs; OpenAI's batch API is also half price.
  'gpt-4-turbo-2024-04-09': { inputPerMTok: 10, outputPerMTok: 30 },
};

/** Batch APIs (Anthropic Message Batches, OpenAI Batch) bill 50% of the standard price. */
export const BATCH_PRICE_FACTOR = 0.5;
