import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeLlmServer } from '@alkdrec/fake-llm';
import { closedPortUrl } from '../testing/canned-http-server';
import { createLlmProvider } from './create-llm-provider';
import { llmProviderConfigFromEnv } from './llm-provider-config';

interface RecordedRequest {
  url: string;
  /** The key sent, as `x-api-key` or as a bearer token (the Anthropic SDK 1.14 sends the latter). */
  key: string | null;
}

/**
 * Every request the providers make goes through globalThis.fetch (the Anthropic SDK 1.14 takes the
 * global fetch when its client is built; the OpenAI-compatible provider calls it directly). The
 * wrapper records each URL and the credentials it carries, and lets through only requests to the
 * SIMULATED server on 127.0.0.1: anything else is refused here, so a mistake in this code cannot
 * send a test key to a public API.
 */
function recordFetch(allowedOrigin: () => string): { requests: RecordedRequest[]; restore: () => void } {
  const realFetch = globalThis.fetch;
  const requests: RecordedRequest[] = [];
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = new Headers(input instanceof Request ? input.headers : init?.headers);
    requests.push({ url, key: headers.get('x-api-key') ?? headers.get('authorization')?.replace(/^Bearer /, '') ?? null });
    if (new URL(url).origin !== allowedOrigin()) return Promise.reject(new TypeError(`the spec refused a request to ${new URL(url).origin}`));
    return realFetch(input, init);
  };
  return { requests, restore: () => (globalThis.fetch = realFetch) };
}

/**
 * The SDKs' own environment conventions (ANTHROPIC_BASE_URL / ANTHROPIC_API_KEY, OPENAI_BASE_URL /
 * OPENAI_API_KEY), read the way the llm-worker reads its configuration: with the base URL pointed
 * at a loopback server, no request goes anywhere else, and the key sent is the one named.
 */
describe('the SDK environment variables, end to end', () => {
  let server: FakeLlmServer;
  let url: string;
  let recorder: ReturnType<typeof recordFetch>;

  before(async () => {
    server = new FakeLlmServer({ batchProcessingMs: 50 });
    url = await server.start();
  });
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    recorder = recordFetch(() => url);
  });
  afterEach(() => recorder.restore());

  /** The provider the environment configures, built like the llm-worker builds it. */
  const providerFrom = (env: NodeJS.ProcessEnv) => createLlmProvider(llmProviderConfigFromEnv(env), env);

  const assertAllOnTheFakeServer = () => {
    assert.ok(recorder.requests.length > 0, 'a request was made');
    const elsewhere = recorder.requests.filter((request) => !request.url.startsWith(`${url}/`));
    assert.deepEqual(elsewhere, [], `every request goes to ${url}`);
  };

  it('anthropic: ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY, with LLM_BASE_URL unset', async () => {
    const provider = providerFrom({ LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-haiku-4-5', ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: 'sk-ant-sdk-var' });
    const answer = await provider.complete({ user: 'Summarise: hello', maxTokens: 50 });
    assert.equal(answer.kind, 'answer');
    assertAllOnTheFakeServer();
    assert.deepEqual(recorder.requests.map((request) => request.key), ['sk-ant-sdk-var']);
    assert.equal(server.stats().requests.messages, 1, 'the fake server saw the request');
  });

  it('anthropic-batch: submit and poll go to ANTHROPIC_BASE_URL too', async () => {
    const provider = providerFrom({ LLM_PROVIDER: 'anthropic-batch', LLM_MODEL: 'claude-haiku-4-5', LLM_BATCH_POLL_MS: '20', ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: 'sk-ant-sdk-var' });
    assert.equal(provider.name, 'anthropic-batch');
    const answer = await provider.complete({ user: 'Summarise: hello', maxTokens: 50 });
    assert.equal(answer.kind, 'answer');
    assertAllOnTheFakeServer();
    assert.equal(server.stats().requests['batches.create'], 1);
  });

  it('openai-compatible: OPENAI_BASE_URL with its conventional /v1 and OPENAI_API_KEY as the bearer token', async () => {
    const provider = providerFrom({ LLM_PROVIDER: 'openai-compatible', LLM_MODEL: 'qwen', OPENAI_BASE_URL: `${url}/v1`, OPENAI_API_KEY: 'sk-openai-sdk-var' });
    const answer = await provider.complete({ user: 'Summarise: hello', maxTokens: 50 });
    assert.equal(answer.kind, 'answer');
    assertAllOnTheFakeServer();
    assert.deepEqual(recorder.requests.map((request) => [request.url, request.key]), [[`${url}/v1/chat/completions`, 'sk-openai-sdk-var']]);
    assert.equal(server.stats().requests['chat.completions'], 1);
  });

  it('LLM_BASE_URL and LLM_API_KEY_VAR override the SDK variables', async () => {
    const provider = providerFrom({
      LLM_PROVIDER: 'anthropic',
      LLM_MODEL: 'claude-haiku-4-5',
      LLM_BASE_URL: url,
      ANTHROPIC_BASE_URL: await closedPortUrl(),
      LLM_API_KEY_VAR: 'TEAM_KEY',
      TEAM_KEY: 'sk-team',
      ANTHROPIC_API_KEY: 'sk-ant-personal',
    });
    await provider.complete({ user: 'Summarise: hello', maxTokens: 50 });
    assertAllOnTheFakeServer();
    assert.deepEqual(recorder.requests.map((request) => request.key), ['sk-team']);
  });

  it('reads the `env` it is given, not process.env, for the base URL as for the key', async () => {
    const saved = process.env['ANTHROPIC_BASE_URL'];
    process.env['ANTHROPIC_BASE_URL'] = await closedPortUrl();
    try {
      const provider = providerFrom({ LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-haiku-4-5', ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: 'sk-ant-sdk-var' });
      await provider.complete({ user: 'Summarise: hello', maxTokens: 50 });
      assertAllOnTheFakeServer();
    } finally {
      if (saved === undefined) delete process.env['ANTHROPIC_BASE_URL'];
      else process.env['ANTHROPIC_BASE_URL'] = saved;
    }
  });
});
