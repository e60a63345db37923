import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeLlmServer } from '@alkdrec/fake-llm';
import { ProviderPermanentError, ProviderRateLimitError, ProviderTransientError } from '../errors/provider-errors';
import { closedPortUrl, startCannedServer } from '../testing/canned-http-server';
import { faultCaseServer } from '../testing/fault-case-server';
import { expectProviderError } from '../testing/expect-provider-error';
import { AnthropicProvider } from './anthropic-provider';

const MODEL = 'claude-haiku-4-5';
const API_KEY = 'sk-ant-test-secret-key';
let server: FakeLlmServer;
let url: string;

before(async () => {
  server = faultCaseServer(3);
  url = await server.start();
});
after(() => server.close());

const provider = (timeoutMs = 5000): AnthropicProvider => new AnthropicProvider({ apiKey: API_KEY, model: MODEL, baseUrl: url, timeoutMs });

describe('AnthropicProvider against the fake server', () => {
  it('sends the prompt as the user message and returns text, tokens and latency', async () => {
    const answer = await provider().complete({ user: 'Summarise: case-ok', maxTokens: 200 });
    assert.equal(answer.kind, 'answer');
    assert.ok(answer.text.length > 0);
    assert.ok(answer.inputTokens > 0 && answer.outputTokens > 0, JSON.stringify(answer));
    assert.ok(answer.latencyMs >= 0);
    assert.equal(server.stats().generations.messages, 1);
  });

  it('sends earlier turns before the prompt (the corrective retry)', async () => {
    const answer = await provider().complete({ earlierTurns: [{ user: 'first', assistant: 'junk' }], user: 'again', maxTokens: 50 });
    assert.equal(answer.kind, 'answer');
  });

  it('turns a 429 into ProviderRateLimitError with retry-after in ms', async () => {
    const error = await expectProviderError(provider().complete({ user: 'case-429', maxTokens: 50 }), ProviderRateLimitError);
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 3000);
    assert.equal(error.errorClass, 'rate_limit_error');
    assert.equal(error.disposition, 'rate-limit');
  });

  it('turns 529 and 500 into ProviderTransientError', async () => {
    const overloaded = await expectProviderError(provider().complete({ user: 'case-529', maxTokens: 50 }), ProviderTransientError);
    assert.equal(overloaded.status, 529);
    assert.equal(overloaded.errorClass, 'overloaded_error');
    const internal = await expectProviderError(provider().complete({ user: 'case-500', maxTokens: 50 }), ProviderTransientError);
    assert.equal(internal.status, 500);
  });

  it('turns a timeout into ProviderTransientError', async () => {
    const error = await expectProviderError(provider(300).complete({ user: 'case-hang', maxTokens: 50 }), ProviderTransientError);
    assert.equal(error.errorClass, 'timeout');
    assert.equal(error.status, undefined);
  });

  it('turns an aborted call into ProviderTransientError', async () => {
    const controller = new AbortController();
    const call = new AnthropicProvider({ apiKey: API_KEY, model: MODEL, baseUrl: url, timeoutMs: 5000 }).complete(
      { user: 'case-ok-abort', maxTokens: 50 },
      { signal: controller.signal },
    );
    controller.abort();
    assert.equal((await expectProviderError(call, ProviderTransientError)).errorClass, 'aborted');
  });

  it('turns a 400 (invalid request) into ProviderPermanentError', async () => {
    const error = await expectProviderError(provider().complete({ user: 'case-400', maxTokens: 0 }), ProviderPermanentError);
    assert.equal(error.status, 400);
    assert.equal(error.errorClass, 'invalid_request_error');
  });

  it('turns a connection refused into ProviderTransientError', async () => {
    const closed = new AnthropicProvider({ apiKey: API_KEY, model: MODEL, baseUrl: await closedPortUrl(), timeoutMs: 2000 });
    const error = await expectProviderError(closed.complete({ user: 'x', maxTokens: 10 }), ProviderTransientError);
    assert.equal(error.errorClass, 'ECONNREFUSED');
  });
});

describe('AnthropicProvider against canned statuses', () => {
  let canned: Awaited<ReturnType<typeof startCannedServer>> | undefined;
  afterEach(() => canned?.close());

  for (const [status, type] of [
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
  ] as const) {
    it(`turns a ${status} into ProviderPermanentError, never mentioning the key`, async () => {
      canned = await startCannedServer({ status, body: { type: 'error', error: { type, message: 'invalid x-api-key' } } });
      const p = new AnthropicProvider({ apiKey: API_KEY, model: MODEL, baseUrl: canned.url, timeoutMs: 2000 });
      const error = await expectProviderError(p.complete({ user: 'x', maxTokens: 10 }), ProviderPermanentError);
      assert.equal(error.status, status);
      assert.equal(error.errorClass, type);
      assert.ok(!error.message.includes(API_KEY));
      const sent = canned.requests[0] ?? {};
      // SDK 1.14 sends the key as a bearer token; older SDKs used x-api-key.
      assert.ok(sent.authorization === `Bearer ${API_KEY}` || sent['x-api-key'] === API_KEY, 'the key is sent in a header');
    });
  }

  it('reads an HTTP-date retry-after too', async () => {
    const at = new Date(Date.now() + 10_000).toUTCString();
    canned = await startCannedServer({ status: 429, body: { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }, headers: { 'retry-after': at } });
    const p = new AnthropicProvider({ apiKey: API_KEY, model: MODEL, baseUrl: canned.url, timeoutMs: 2000 });
    const error = await expectProviderError(p.complete({ user: 'x', maxTokens: 10 }), ProviderRateLimitError);
    assert.ok(error.retryAfterMs !== undefined && error.retryAfterMs > 8000 && error.retryAfterMs <= 10_000, String(error.retryAfterMs));
  });
});
