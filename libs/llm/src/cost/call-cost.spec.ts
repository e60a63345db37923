import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callCost, estimateCallCost, MESSAGE_OVERHEAD_TOKENS, priceOfModel, UnknownModelPriceError, upperBoundInputTokens } from './call-cost';
import { MODEL_PRICES } from './model-prices';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

describe('callCost', () => {
  it('prices input and output tokens per million at the standard rate', () => {
    close(callCost({ model: 'claude-sonnet-4-5', inputTokens: 1_000_000, outputTokens: 0, batch: false }), 3);
    close(callCost({ model: 'claude-sonnet-4-5', inputTokens: 0, outputTokens: 1_000_000, batch: false }), 15);
    close(callCost({ model: 'claude-haiku-4-5', inputTokens: 2000, outputTokens: 200, batch: false }), 0.002 + 0.001);
  });

  it('bills a batch call at half the standard price', () => {
    for (const model of Object.keys(MODEL_PRICES)) {
      const usage = { model, inputTokens: 1500, outputTokens: 180 };
      close(callCost({ ...usage, batch: true }), callCost({ ...usage, batch: false }) / 2);
    }
    close(callCost({ model: 'claude-opus-4-1', inputTokens: 1_000_000, outputTokens: 1_000_000, batch: true }), 7.5 + 37.5);
  });

  it("puts the paper's GPT-4-turbo calls in the right range (8.6 USD for 500)", () => {
    const perCall = callCost({ model: 'gpt-4-turbo-2024-04-09', inputTokens: 1300, outputTokens: 140, batch: false });
    close(perCall * 500, 8.6);
  });

  it('prices a dated snapshot as its alias, but never borrows a neighbour\'s price', () => {
    assert.deepEqual(priceOfModel('claude-sonnet-4-5-20250929'), MODEL_PRICES['claude-sonnet-4-5']);
    assert.deepEqual(priceOfModel('claude-haiku-4-5-20251001'), MODEL_PRICES['claude-haiku-4-5']);
    assert.throws(() => priceOfModel('claude-sonnet-4'), UnknownModelPriceError);
    assert.throws(() => priceOfModel('claude-sonnet-4-5-latest'), UnknownModelPriceError);
  });

  it('refuses an unknown model with a message that says how to fix it', () => {
    assert.throws(
      () => callCost({ model: 'llama-3.1-8b-instruct', inputTokens: 10, outputTokens: 10, batch: false }),
      (e: unknown) =>
        e instanceof UnknownModelPriceError &&
        e.model === 'llama-3.1-8b-instruct' &&
        /no price for model "llama-3.1-8b-instruct": configure one .* priced models: .*claude-sonnet-4-5/.test(e.message),
    );
    assert.throws(() => priceOfModel('toString'), UnknownModelPriceError);
  });

  it('uses a configured price first, including zero for a local server', () => {
    const configured = { 'llama-3.1-8b-instruct': { inputPerMTok: 0, outputPerMTok: 0 }, 'claude-sonnet-4-5': { inputPerMTok: 6, outputPerMTok: 30 } };
    assert.equal(callCost({ model: 'llama-3.1-8b-instruct', inputTokens: 5000, outputTokens: 500, batch: false }, configured), 0);
    close(callCost({ model: 'claude-sonnet-4-5', inputTokens: 1_000_000, outputTokens: 0, batch: false }, configured), 6);
  });

  it('refuses bad token counts and bad configured prices', () => {
    assert.throws(() => callCost({ model: 'claude-haiku-4-5', inputTokens: -1, outputTokens: 0, batch: false }), /inputTokens must be a non-negative integer/);
    assert.throws(() => callCost({ model: 'claude-haiku-4-5', inputTokens: 0, outputTokens: 1.5, batch: false }), /outputTokens/);
    assert.throws(() => priceOfModel('m', { m: { inputPerMTok: -1, outputPerMTok: 0 } }), /finite and non-negative/);
  });
});

describe('estimateCallCost and upperBoundInputTokens', () => {
  it('bounds the cost with max_tokens as the output', () => {
    const estimate = estimateCallCost({ model: 'claude-sonnet-4-5', inputTokens: 4000, maxOutputTokens: 300, batch: false });
    close(estimate, (4000 * 3 + 300 * 15) / 1e6);
    assert.ok(estimate >= callCost({ model: 'claude-sonnet-4-5', inputTokens: 4000, outputTokens: 180, batch: false }));
  });

  it('counts UTF-8 bytes plus an envelope allowance per message', () => {
    assert.equal(upperBoundInputTokens('abc'), 3 + MESSAGE_OVERHEAD_TOKENS);
    assert.equal(upperBoundInputTokens('é😀'), 2 + 4 + MESSAGE_OVERHEAD_TOKENS);
    assert.equal(upperBoundInputTokens(['ab', 'c']), 3 + 2 * MESSAGE_OVERHEAD_TOKENS);
  });
});
