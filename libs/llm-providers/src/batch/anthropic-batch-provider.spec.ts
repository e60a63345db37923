import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeLlmServer } from '@alkdrec/fake-llm';
import { ProviderPermanentError, ProviderRateLimitError, ProviderTransientError } from '../errors/provider-errors';
import { expectProviderError } from '../testing/expect-provider-error';
import { AnthropicBatchProvider } from './anthropic-batch-provider';

let server: FakeLlmServer;
let url: string;

before(async () => {
  server = new FakeLlmServer({
    batchProcessingMs: 150,
    schedule: [
      { fault: 'server-error-500', count: 1, endpoint: 'batch-item', promptIncludes: 'case-500' },
      { fault: 'rate-limit-429', count: 1, endpoint: 'batch-item', promptIncludes: 'case-429' },
      { fault: 'hang', count: 1, endpoint: 'batch-item', promptIncludes: 'case-hang' },
    ],
  });
  url = await server.start();
});
after(() => server.close());

const provider = (): AnthropicBatchProvider =>
  new AnthropicBatchProvider({ apiKey: 'sk-test', model: 'claude-haiku-4-5', baseUrl: url, timeoutMs: 5000, pollIntervalMs: 50 });

describe('AnthropicBatchProvider against the fake server', () => {
  it('submits, polls until ended, and collects every result by custom id', async () => {
    const batch = provider();
    const batchId = await batch.submit([
      { customId: 'ok-1', request: { user: 'Summarise: first', maxTokens: 100 } },
      { customId: 'ok-2', request: { user: 'Summarise: second', maxTokens: 100 } },
      { customId: 'bad-500', request: { user: 'case-500', maxTokens: 100 } },
      { customId: 'bad-429', request: { user: 'case-429', maxTokens: 100 } },
      { customId: 'bad-hang', request: { user: 'case-hang', maxTokens: 100 } },
    ]);
    assert.match(batchId, /^msgbatch/);
    const first = await batch.poll(batchId);
    assert.equal(first.ended, false);
    const ended = await batch.waitUntilEnded(batchId);
    assert.equal(ended.ended, true);
    assert.equal(ended.counts.succeeded, 2);

    const results = await batch.collect(batchId);
    assert.deepEqual([...results.keys()].sort(), ['bad-429', 'bad-500', 'bad-hang', 'ok-1', 'ok-2']);
    for (const id of ['ok-1', 'ok-2']) {
      const result = results.get(id);
      assert.ok(result !== undefined && !(result instanceof Error) && result.kind === 'answer' && result.text.length > 0 && result.inputTokens > 0);
    }
    assert.ok(results.get('bad-500') instanceof ProviderTransientError);
    assert.ok(results.get('bad-429') instanceof ProviderRateLimitError);
    const expired = results.get('bad-hang');
    assert.ok(expired instanceof ProviderTransientError && expired.errorClass === 'expired');
  });

  it('complete() runs a batch of one', async () => {
    const created = server.stats().batches.created;
    const answer = await provider().complete({ user: 'Summarise: single', maxTokens: 100 });
    assert.equal(answer.kind, 'answer');
    assert.equal(server.stats().batches.created, created + 1);
  });

  it('stops waiting when aborted, with a transient error', async () => {
    const batch = provider();
    const batchId = await batch.submit([{ customId: 'slow', request: { user: 'Summarise: slow', maxTokens: 10 } }]);
    const controller = new AbortController();
    const waiting = batch.waitUntilEnded(batchId, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    assert.equal((await expectProviderError(waiting, ProviderTransientError)).errorClass, 'aborted');
  });

  it('classifies errors of the batch endpoints themselves', async () => {
    await expectProviderError(provider().poll('msgbatch_does_not_exist'), ProviderPermanentError);
    await expectProviderError(provider().submit([{ customId: 'not valid!', request: { user: 'x', maxTokens: 10 } }]), ProviderPermanentError);
    await assert.rejects(provider().submit([]), RangeError);
  });
});
