import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeLlmServer } from '@alkdrec/fake-llm';
import { ProviderPermanentError, ProviderRateLimitError, ProviderTransientError } from '../errors/provider-errors';
import { closedPortUrl, startCannedServer } from '../testing/canned-http-server';
import { faultCaseServer } from '../testing/fault-case-server';
import { expectProviderError } from '../testing/expect-provider-error';
import { OpenAiCompatibleProvider } from './openai-compatible-provider';

let server: FakeLlmServer;
let url: string;

before(async () => {
  server = faultCaseServer(2);
  url = await server.start();
});
after(() => server.close());

const provider = (timeoutMs = 5000, baseUrl = url): OpenAiCompatibleProvider =>
  new OpenAiCompatibleProvider({ baseUrl, model: 'llama-3.1-8b-instruct', timeoutMs });

describe('OpenAiCompatibleProvider against the fake server', () => {
  it('answers with text and usage; a base URL ending in /v1 works too', async () => {
    const answer = await provider().complete({ system: 'be brief', user: 'Summarise: case-ok', maxTokens: 100 });
    assert.equal(answer.kind, 'answer');
    assert.ok(answer.text.length > 0);
    assert.ok(answer.inputTokens > 0 && answer.outputTokens > 0);
    await provider(5000, `${url}/v1/`).complete({ user: 'case-ok-2', maxTokens: 100 });
    assert.equal(server.stats().generations['chat-completions'], 2);
  });

  it('429 → ProviderRateLimitError with retry-after', async () => {
    const error = await expectProviderError(provider().complete({ user: 'case-429', maxTokens: 10 }), ProviderRateLimitError);
    assert.equal(error.retryAfterMs, 2000);
  });

  it('overloaded (503 on this surface) and 500 → ProviderTransientError', async () => {
    assert.equal((await expectProviderError(provider().complete({ user: 'case-529', maxTokens: 10 }), ProviderTransientError)).status, 503);
    assert.equal((await expectProviderError(provider().complete({ user: 'case-500', maxTokens: 10 }), ProviderTransientError)).status, 500);
  });

  it('timeout → ProviderTransientError', async () => {
    const error = await expectProviderError(provider(300).complete({ user: 'case-hang', maxTokens: 10 }), ProviderTransientError);
    assert.equal(error.errorClass, 'timeout');
  });

  it('400 → ProviderPermanentError', async () => {
    const error = await expectProviderError(provider().complete({ user: 'x', maxTokens: 0 }), ProviderPermanentError);
    assert.equal(error.status, 400);
  });

  it('connection refused → ProviderTransientError', async () => {
    const error = await expectProviderError(provider(2000, await closedPortUrl()).complete({ user: 'x', maxTokens: 10 }), ProviderTransientError);
    assert.equal(error.errorClass, 'ECONNREFUSED');
  });
});

describe('OpenAiCompatibleProvider against canned answers', () => {
  let canned: Awaited<ReturnType<typeof startCannedServer>> | undefined;
  afterEach(() => canned?.close());

  it('401 → ProviderPermanentError; the key goes in the bearer header only', async () => {
    canned = await startCannedServer({ status: 401, body: { error: { type: 'invalid_api_key', message: 'Incorrect API key' } } });
    const p = new OpenAiCompatibleProvider({ baseUrl: canned.url, model: 'm', apiKey: 'sk-secret', timeoutMs: 2000 });
    const error = await expectProviderError(p.complete({ user: 'x', maxTokens: 10 }), ProviderPermanentError);
    assert.equal(error.errorClass, 'invalid_api_key');
    assert.ok(!error.message.includes('sk-secret'));
    assert.equal(canned.requests[0]?.authorization, 'Bearer sk-secret');
  });

  it('sends no authorization header without a key', async () => {
    canned = await startCannedServer({ status: 200, body: { choices: [{ message: { content: '[<1>]' } }] } });
    const answer = await new OpenAiCompatibleProvider({ baseUrl: canned.url, model: 'm', timeoutMs: 2000 }).complete({ user: 'x', maxTokens: 10 });
    assert.deepEqual(answer, { kind: 'answer', text: '[<1>]', inputTokens: 0, outputTokens: 0, latencyMs: answer.latencyMs });
    assert.equal(canned.requests[0]?.authorization, undefined);
  });

  it('a 200 that is not a chat completion → ProviderTransientError', async () => {
    canned = await startCannedServer({ status: 200, body: { hello: 'proxy' } });
    const p = new OpenAiCompatibleProvider({ baseUrl: canned.url, model: 'm', timeoutMs: 2000 });
    assert.equal((await expectProviderError(p.complete({ user: 'x', maxTokens: 10 }), ProviderTransientError)).errorClass, 'invalid_response');
  });
});
