import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '@alkdrec/service-kit';
import { llmWorkerEnvSchema } from './llm-worker-env.schema';
import { providerConfigOf } from './provider-config';

describe('llmWorkerEnvSchema', () => {
  it('defaults to replay with the tuning table and no budget limit', () => {
    const config = loadConfig(llmWorkerEnvSchema, {});
    assert.equal(config.LLM_PROVIDER, 'replay');
    assert.equal(config.LLM_RANKING_CONCURRENCY, 64);
    assert.equal(config.LLM_RUN_MAX_USD, undefined);
    assert.equal(config.LLM_RUN_MAX_CALLS, undefined);
  });

  it('lists every bad variable, and never echoes a key', () => {
    assert.throws(
      () => loadConfig(llmWorkerEnvSchema, { LLM_PROVIDER: 'gpt', LLM_RUN_MAX_USD: '-1', LLM_RANKING_RATE_LIMIT_MAX: '0', LLM_API_KEY_VAR: 'sk-ant secret' }),
      (error: Error) => {
        for (const name of ['LLM_PROVIDER', 'LLM_RUN_MAX_USD', 'LLM_RANKING_RATE_LIMIT_MAX', 'LLM_API_KEY_VAR']) assert.match(error.message, new RegExp(name));
        assert.doesNotMatch(error.message, /secret/);
        return true;
      },
    );
  });

  it('requires a model for a real provider, checked with the provider configuration', () => {
    const config = loadConfig(llmWorkerEnvSchema, { LLM_PROVIDER: 'anthropic' });
    assert.throws(() => providerConfigOf(config), /LLM_MODEL is required for the anthropic provider/);
    const ok = providerConfigOf(loadConfig(llmWorkerEnvSchema, { LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-haiku-4-5', LLM_TIMEOUT_MS: '5000' }));
    assert.equal(ok.timeoutMs, 5000);
    assert.equal(JSON.stringify(ok).includes('ANTHROPIC_API_KEY='), false);
  });
});
