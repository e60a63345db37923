import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AnthropicBatchProvider, ProviderPermanentError, startFakeLlm, type FakeLlmProcess } from '@alkdrec/llm-providers';
import { CoalescingBatchProvider } from './coalescing-batch-provider';

describe(CoalescingBatchProvider.name, () => {
  let fake: FakeLlmProcess;
  before(async () => (fake = await startFakeLlm(['--batch-processing-ms', '200'])));
  after(() => fake.stop());

  const provider = (baseUrl: string, windowMs = 100, maxRequests = 1000) =>
    new CoalescingBatchProvider(new AnthropicBatchProvider({ apiKey: 'k', model: 'claude-haiku-4-5', baseUrl, timeoutMs: 5_000, pollIntervalMs: 50 }), { windowMs, maxRequests });

  it('sends the requests of concurrent jobs as one batch and gives each its own answer', async () => {
    const before = (await fake.stats()).batches;
    const prompts = Array.from({ length: 12 }, (_, i) => `Summarise case ${i}.`);
    const answers = await Promise.all(prompts.map((user) => provider(fake.url).complete({ user, maxTokens: 100 })));
    // One provider instance per job would defeat it: use one, as the worker does.
    const shared = provider(fake.url);
    const sharedAnswers = await Promise.all(prompts.map((user) => shared.complete({ user, maxTokens: 100 })));
    const after = (await fake.stats()).batches;
    assert.equal(answers.length, 12);
    assert.ok(sharedAnswers.every((a) => a.kind === 'answer' && a.text.length > 0 && a.inputTokens > 0));
    assert.equal(after.created - before.created, 12 + 1, 'twelve separate batches, then one shared');
    assert.equal(after.requests - before.requests, 24);
  });

  it('splits at maxRequests', async () => {
    const before = (await fake.stats()).batches.created;
    const shared = provider(fake.url, 10_000, 5);
    await Promise.all(Array.from({ length: 10 }, (_, i) => shared.complete({ user: `Case ${i}`, maxTokens: 50 })));
    assert.equal((await fake.stats()).batches.created - before, 2);
  });

  it('rejects every waiting job with the classified error when the batch cannot be submitted', async () => {
    const shared = provider(`${fake.url}/nowhere`);
    const results = await Promise.allSettled([1, 2, 3].map((i) => shared.complete({ user: `Case ${i}`, maxTokens: 50 })));
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      assert.ok((result as PromiseRejectedResult).reason instanceof ProviderPermanentError);
    }
  });
});
