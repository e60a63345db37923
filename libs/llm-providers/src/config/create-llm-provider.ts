import { AnthropicProvider } from '../anthropic/anthropic-provider';
import { AnthropicBatchProvider } from '../batch/anthropic-batch-provider';
import type { LlmProvider } from '../llm-provider';
import { OpenAiCompatibleProvider } from '../openai/openai-compatible-provider';
import { ReplayProvider } from '../replay/replay-provider';
import { apiKeyVariableOf, optionalApiKey, requireApiKey } from './api-key';
import { resolveLlmEndpoint, type LlmEndpoint } from './base-url';
import { parseLlmProviderConfig, type LlmProviderConfig, type LlmProviderConfigInput } from './llm-provider-config';

/** Every provider `createLlmProvider` can return, so callers can narrow on `name`. */
export type AnyLlmProvider = AnthropicProvider | AnthropicBatchProvider | OpenAiCompatibleProvider | ReplayProvider;

/**
 * The provider the configuration names. The key and the SDK's base-URL variable are read from `env`
 * here (resolveLlmEndpoint) and handed to the client, never kept in the config. A real Anthropic
 * provider without a key is a MissingApiKeyError; a malformed base URL is an LlmProviderConfigError
 * naming its variable.
 */
export function createLlmProvider(input: LlmProviderConfig | LlmProviderConfigInput, env: NodeJS.ProcessEnv = process.env): AnyLlmProvider & LlmProvider {
  const config = parseLlmProviderConfig(input);
  const keyVariable = apiKeyVariableOf(config);
  const endpoint = resolveLlmEndpoint(config, env) as LlmEndpoint; // defined for every provider but replay
  switch (config.provider) {
    case 'replay':
      return new ReplayProvider(config.datasetsDir === undefined ? {} : { datasetsDir: config.datasetsDir });
    case 'anthropic':
    case 'anthropic-batch': {
      const options = {
        apiKey: requireApiKey(config.provider, keyVariable as string, env),
        model: config.model as string,
        baseUrl: endpoint.baseUrl,
        timeoutMs: config.timeoutMs,
      };
      return config.provider === 'anthropic'
        ? new AnthropicProvider(options)
        : new AnthropicBatchProvider({ ...options, pollIntervalMs: config.pollIntervalMs });
    }
    case 'openai-compatible':
      return new OpenAiCompatibleProvider({
        baseUrl: endpoint.baseUrl,
        model: config.model as string,
        apiKey: optionalApiKey(keyVariable, env),
        timeoutMs: config.timeoutMs,
      });
  }
}
