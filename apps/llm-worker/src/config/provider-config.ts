import { parseLlmProviderConfig, type LlmProviderConfig } from '@alkdrec/llm-providers';
import type { LlmWorkerConfig } from './llm-worker-env.schema';

/**
 * The provider's configuration from the validated worker config. It names the key's variable, not
 * the key; createLlmProvider reads the key from the environment itself.
 */
export function providerConfigOf(config: LlmWorkerConfig, datasetsDir = process.env['ALKDREC_DATASETS_DIR']): LlmProviderConfig {
  return parseLlmProviderConfig({
    provider: config.LLM_PROVIDER,
    model: config.LLM_MODEL,
    baseUrl: config.LLM_BASE_URL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    apiKeyVariable: config.LLM_API_KEY_VAR,
    pollIntervalMs: config.LLM_BATCH_POLL_MS,
    datasetsDir: datasetsDir || undefined,
  });
}
