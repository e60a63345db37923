import { BATCH_PRICE_FACTOR, MODEL_PRICES, type ModelPrice } from './model-prices';

/** Prices configured for a run, by model id; consulted before the built-in table. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** A model with no price: refusing to guess keeps a budget from silently treating it as free. */
export class UnknownModelPriceError extends Error {
  override readonly name = 'UnknownModelPriceError';

  constructor(readonly model: string, known: readonly string[]) {
    super(
      `no price for model ${JSON.stringify(model)}: configure one (USD per million input and output tokens; 0/0 for a local server) — priced models: ${known.join(', ')}`,
    );
  }
}

/**
 * The price of `model`: from `configured` first, then the built-in table. An id matches an entry
 * exactly or as a dated snapshot of it (`<entry>-YYYYMMDD`), so "claude-sonnet-4-5-20250929" is
 * priced as "claude-sonnet-4-5", while "claude-sonnet-4" never borrows a 4.5 price.
 */
export function priceOfModel(model: string, configured: PriceTable = {}): ModelPrice {
  const alias = model.replace(/-\d{8}$/, '');
  for (const table of [configured, MODEL_PRICES]) {
    const price = own(table, model) ?? own(table, alias);
    if (price !== undefined) {
      checkPrice(model, price);
      return price;
    }
  }
  throw new UnknownModelPriceError(model, [...new Set([...Object.keys(configured), ...Object.keys(MODEL_PRICES)])]);
}

export interface CallUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Sent through a batch API: half the standard price. */
  batch: boolean;
}

/** What one call cost in USD, from the tokens the provider reported. */
export function callCost(usage: CallUsage, configured?: PriceTable): number {
  checkTokens('inputTokens', usage.inputTokens);
  checkTokens('outputTokens', usage.outputTokens);
  const price = priceOfModel(usage.model, configured);
  const standard = (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
  return usage.batch ? standard * BATCH_PRICE_FACTOR : standard;
}

export interface CallEstimate {
  model: string;
  /** An upper bound on the prompt's tokens, e.g. `upperBoundInputTokens(prompt)`. */
  inputTokens: number;
  /** The request's `max_tokens`: the provider never bills more output than that. */
  maxOutputTokens: number;
  batch: boolean;
}

/**
 * The most a call can cost, to reserve on the budget before sending it. With bounds on both token
 * counts the real cost never exceeds it, which is what lets `BudgetTracker` promise no overshoot.
 */
export function estimateCallCost(estimate: CallEstimate, configured?: PriceTable): number {
  return callCost(
    { model: estimate.model, inputTokens: estimate.inputTokens, outputTokens: estimate.maxOutputTokens, batch: estimate.batch },
    configured,
  );
}

/** Tokens a message envelope may add beyond its text (role markers, turn separators); generous. */
export const MESSAGE_OVERHEAD_TOKENS = 32;

/**
 * A safe upper bound on the input tokens of a prompt without a tokenizer: byte-level BPE tokenizers
 * never produce more tokens than the text has UTF-8 bytes, plus the envelope overhead per message.
 * It is 3–4 times the real count for English text, so it makes reservations cautious, not wrong;
 * pass a provider's token count instead when you have one.
 */
export function upperBoundInputTokens(messages: string | readonly string[]): number {
  const list = typeof messages === 'string' ? [messages] : messages;
  const encoder = new TextEncoder();
  return list.reduce((sum, text) => sum + encoder.encode(text).length + MESSAGE_OVERHEAD_TOKENS, 0);
}

function own(table: PriceTable, key: string): ModelPrice | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function checkPrice(model: string, price: ModelPrice): void {
  for (const value of [price.inputPerMTok, price.outputPerMTok]) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`price of ${JSON.stringify(model)} must be finite and non-negative USD per million tokens, got ${value}`);
    }
  }
}

function checkTokens(what: string, count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`${what} must be a non-negative integer, got ${count}`);
}
