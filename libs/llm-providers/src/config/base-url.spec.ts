import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ANTHROPIC_DEFAULT_BASE_URL, describeLlmEndpoint, resolveLlmEndpoint } from './base-url';
import { LlmProviderConfigError } from './llm-provider-config';

describe('resolveLlmEndpoint', () => {
  it('takes LLM_BASE_URL first, then the family SDK variable, then Anthropic\'s default', () => {
    const env = { ANTHROPIC_BASE_URL: 'http://127.0.0.1:8787', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' };
    assert.deepEqual(resolveLlmEndpoint({ provider: 'anthropic', baseUrl: 'https://proxy.example/anthropic' }, env), {
      baseUrl: 'https://proxy.example/anthropic',
      origin: 'https://proxy.example',
      source: 'LLM_BASE_URL',
    });
    assert.equal(resolveLlmEndpoint({ provider: 'anthropic' }, env)?.source, 'ANTHROPIC_BASE_URL');
    assert.equal(resolveLlmEndpoint({ provider: 'anthropic-batch' }, env)?.baseUrl, 'http://127.0.0.1:8787');
    assert.deepEqual(resolveLlmEndpoint({ provider: 'openai-compatible' }, env), { baseUrl: 'http://127.0.0.1:8000/v1', origin: 'http://127.0.0.1:8000', source: 'OPENAI_BASE_URL' });
    assert.deepEqual(resolveLlmEndpoint({ provider: 'anthropic' }, { ANTHROPIC_BASE_URL: '  ' }), { baseUrl: ANTHROPIC_DEFAULT_BASE_URL, origin: ANTHROPIC_DEFAULT_BASE_URL, source: 'default' });
    assert.equal(resolveLlmEndpoint({ provider: 'replay' }, env), undefined);
  });

  it('names the variable of a malformed URL without echoing its value', () => {
    const refused = (env: NodeJS.ProcessEnv, pattern: RegExp) =>
      assert.throws(() => resolveLlmEndpoint({ provider: 'anthropic' }, env), (error: unknown) => error instanceof LlmProviderConfigError && pattern.test(error.message) && !error.message.includes('secret'));
    refused({ ANTHROPIC_BASE_URL: 'not a url secret' }, /^ANTHROPIC_BASE_URL is not a URL/);
    refused({ ANTHROPIC_BASE_URL: 'ftp://secret.example' }, /^ANTHROPIC_BASE_URL must be an http:\/\/ or https:\/\/ URL .*"ftp:"/);
    assert.throws(() => resolveLlmEndpoint({ provider: 'openai-compatible', baseUrl: 'file:///tmp/x' }, {}), /LLM_BASE_URL must be an http/);
  });
});

describe('describeLlmEndpoint', () => {
  it('shows the origin and its source, never a path, query or credentials', () => {
    const endpoint = resolveLlmEndpoint({ provider: 'anthropic' }, { ANTHROPIC_BASE_URL: 'https://user:sk-secret@proxy.example:8443/v1?token=sk-secret' });
    assert.equal(describeLlmEndpoint(endpoint), 'https://proxy.example:8443 (from ANTHROPIC_BASE_URL)');
    assert.equal(describeLlmEndpoint(resolveLlmEndpoint({ provider: 'anthropic' }, {})), "the SDK's default https://api.anthropic.com");
    assert.equal(describeLlmEndpoint(undefined), 'no network (recorded answers)');
  });
});
