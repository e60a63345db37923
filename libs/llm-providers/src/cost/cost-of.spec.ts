import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UnknownModelPriceError } from '@alkdrec/llm';
import { costOf, maxCostOf } from './cost-of';

const live = { recorded: false, batchPriced: false };
const batch = { recorded: false, batchPriced: true };
const recorded = { recorded: true, batchPriced: false };
const answer = { kind: 'answer' as const, text: '[]', inputTokens: 1_000_000, outputTokens: 100_000, latencyMs: 1 };

describe('costOf', () => {
  it('prices a completion by the model table, and a batch at half', () => {
    assert.equal(costOf({ traits: live, model: 'claude-haiku-4-5' }, answer), 1 + 0.5);
    assert.equal(costOf({ traits: batch, model: 'claude-haiku-4-5' }, answer), 0.75);
  });

  it('costs nothing for recorded answers (replay) and for not-available', () => {
    assert.equal(costOf({ traits: recorded, model: 'gpt-4-turbo-2024-04-09' }, answer), 0);
    assert.equal(costOf({ traits: live, model: 'claude-haiku-4-5' }, { kind: 'not-available', reason: 'x' }), 0);
  });

  it('refuses an unpriced model unless a price is configured', () => {
    assert.throws(() => costOf({ traits: live, model: 'qwen' }, answer), UnknownModelPriceError);
    assert.equal(costOf({ traits: live, model: 'qwen' }, answer, { qwen: { inputPerMTok: 0, outputPerMTok: 0 } }), 0);
  });
});

describe('maxCostOf', () => {
  it('bounds the real cost: every prompt byte as a token, maxTokens of output', () => {
    const request = { user: 'x'.repeat(968), maxTokens: 1000 };
    assert.equal(maxCostOf({ traits: live, model: 'claude-haiku-4-5' }, request), (1000 * 1 + 1000 * 5) / 1e6);
    assert.equal(maxCostOf({ traits: batch, model: 'claude-haiku-4-5' }, request), (1000 * 1 + 1000 * 5) / 2e6);
    assert.equal(maxCostOf({ traits: recorded, model: 'gpt-4-turbo-2024-04-09' }, request), 0);
  });
});
