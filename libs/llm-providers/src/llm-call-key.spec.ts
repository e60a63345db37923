import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, llmCallKey } from './llm-call-key';

const haiku = { name: 'anthropic' as const, model: 'claude-haiku-4-5', traits: { recorded: false, batchPriced: false } };

describe('llmCallKey', () => {
  it('is the same for the same prompt, whatever else the request carries', () => {
    const key = llmCallKey(haiku, { user: 'rank', maxTokens: 100 });
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal(llmCallKey(haiku, { user: 'rank', maxTokens: 300, temperature: 0, replayKey: { task: 'ranking', dataset: 'd', row: 1 } }), key);
  });

  it('differs by provider, model, scope (prompt version, dataset), system prompt and conversation', () => {
    const base = llmCallKey(haiku, { user: 'rank', maxTokens: 100 });
    const others = [
      llmCallKey({ ...haiku, name: 'anthropic-batch' }, { user: 'rank', maxTokens: 100 }),
      llmCallKey({ ...haiku, model: 'claude-sonnet-4-5' }, { user: 'rank', maxTokens: 100 }),
      llmCallKey(haiku, { system: '', user: 'rank', maxTokens: 100 }),
      llmCallKey(haiku, { user: 'rank ', maxTokens: 100 }),
      llmCallKey(haiku, { earlierTurns: [{ user: 'rank', assistant: 'no' }], user: 'rank', maxTokens: 100 }),
      llmCallKey(haiku, { user: 'rank', maxTokens: 100, scope: { promptVersion: 'ranking-1' } }),
      llmCallKey(haiku, { user: 'rank', maxTokens: 100, scope: { promptVersion: 'ranking-2' } }),
      llmCallKey(haiku, { user: 'rank', maxTokens: 100, scope: { promptVersion: 'hints-1', dataset: 'movielens-hetrec2011' } }),
      llmCallKey(haiku, { user: 'rank', maxTokens: 100, scope: { promptVersion: 'hints-1', dataset: 'my-shop' } }),
    ];
    assert.equal(new Set([base, ...others]).size, 10);
  });
});

describe('llmCallKey for replay', () => {
  const replay = { name: 'replay' as const, model: 'gpt-4-turbo-2024-04-09', traits: { recorded: true, batchPriced: false } };
  it('tells sessions apart even when their prompts coincide: each has its own recording', () => {
    const row = (r: number) => llmCallKey(replay, { user: 'rank', maxTokens: 100, replayKey: { task: 'ranking', dataset: 'd', row: r } });
    assert.notEqual(row(1), row(2));
    assert.equal(row(1), row(1));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } }), '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}');
  });
});
