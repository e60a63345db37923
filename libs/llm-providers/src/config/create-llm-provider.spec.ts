import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MissingApiKeyError } from '../errors/provider-errors';
import { createLlmProvider } from './create-llm-provider';
import { LlmProviderConfigError, llmProviderConfigFromEnv } from './llm-provider-config';

describe('llmProviderConfigFromEnv', () => {
  it('defaults to replay with a 60 s timeout', () => {
    assert.deepEqual(llmProviderConfigFromEnv({}), { provider: 'replay', timeoutMs: 60_000 });
  });

  it('reads every LLM_* variable and names the key variable, never the key', () => {
    const config = llmProviderConfigFromEnv({
      LLM_PROVIDER: 'anthropic',
      LLM_MODEL: 'claude-haiku-4-5',
      LLM_BASE_URL: 'http://127.0.0.1:8787',
      LLM_TIMEOUT_MS: '1500',
      LLM_API_KEY_VAR: 'MY_KEY',
      MY_KEY: 'sk-secret',
    });
    assert.deepEqual(config, { provider: 'anthropic', model: 'claude-haiku-4-5', baseUrl: 'http://127.0.0.1:8787', timeoutMs: 1500, apiKeyVariable: 'MY_KEY' });
    assert.ok(!JSON.stringify(config).includes('sk-secret'));
  });

  it('lists every problem: unknown provider, missing model, bad timeout, bad key variable', () => {
    assert.throws(() => llmProviderConfigFromEnv({ LLM_PROVIDER: 'gpt' }), LlmProviderConfigError);
    assert.throws(() => llmProviderConfigFromEnv({ LLM_PROVIDER: 'anthropic' }), /model: LLM_MODEL is required for the anthropic provider/);
    assert.throws(() => llmProviderConfigFromEnv({ LLM_TIMEOUT_MS: '-5' }), /timeoutMs/);
    assert.throws(() => llmProviderConfigFromEnv({ LLM_API_KEY_VAR: 'not a name' }), /environment variable name/);
  });
});

describe('createLlmProvider', () => {
  it('builds each provider from its configuration', () => {
    const env = { ANTHROPIC_API_KEY: 'sk-a' };
    assert.equal(createLlmProvider({}, env).name, 'replay');
    assert.equal(createLlmProvider({}, env).model, 'gpt-4-turbo-2024-04-09');
    const anthropic = createLlmProvider({ provider: 'anthropic', model: 'claude-haiku-4-5' }, env);
    assert.deepEqual([anthropic.name, anthropic.model], ['anthropic', 'claude-haiku-4-5']);
    assert.equal(createLlmProvider({ provider: 'anthropic-batch', model: 'claude-haiku-4-5' }, env).name, 'anthropic-batch');
    const local = createLlmProvider({ provider: 'openai-compatible', model: 'qwen', baseUrl: 'http://127.0.0.1:8000' }, {});
    assert.deepEqual([local.name, local.model], ['openai-compatible', 'qwen']);
  });

  it('refuses a real Anthropic provider without its key, naming the variable and not guessing', () => {
    assert.throws(
      () => createLlmProvider({ provider: 'anthropic', model: 'claude-haiku-4-5' }, {}),
      (error: unknown) => error instanceof MissingApiKeyError && error.variable === 'ANTHROPIC_API_KEY' && /set the environment variable ANTHROPIC_API_KEY/.test(error.message),
    );
    assert.throws(() => createLlmProvider({ provider: 'anthropic-batch', model: 'm', apiKeyVariable: 'TEAM_KEY' }, { ANTHROPIC_API_KEY: 'sk' }), /TEAM_KEY/);
    assert.throws(() => createLlmProvider({ provider: 'anthropic', model: 'm' }, { ANTHROPIC_API_KEY: '   ' }), MissingApiKeyError);
  });

  it('refuses an openai-compatible provider without a base URL, naming both variables, and a malformed one naming its variable', () => {
    assert.throws(
      () => createLlmProvider({ provider: 'openai-compatible', model: 'qwen' }, {}),
      (error: unknown) => error instanceof LlmProviderConfigError && /set LLM_BASE_URL or OPENAI_BASE_URL/.test(error.message),
    );
    assert.throws(
      () => createLlmProvider({ provider: 'anthropic', model: 'claude-haiku-4-5' }, { ANTHROPIC_API_KEY: 'sk', ANTHROPIC_BASE_URL: 'localhost:8787' }),
      /ANTHROPIC_BASE_URL must be an http:\/\/ or https:\/\/ URL/,
    );
  });

  it('keeps the key out of everything a provider shows', () => {
    const provider = createLlmProvider({ provider: 'anthropic', model: 'claude-haiku-4-5' }, { ANTHROPIC_API_KEY: 'sk-very-secret' });
    assert.ok(!JSON.stringify({ name: provider.name, model: provider.model }).includes('sk-very-secret'));
    assert.ok(!Object.keys(provider).includes('apiKey'));
  });
});
