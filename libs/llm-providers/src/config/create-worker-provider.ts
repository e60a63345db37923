import { AnthropicBatchProvider } from '../batch/anthropic-batch-provider';
import { BatchingAnthropicProvider, type BatchingOptions, type BatchJournal } from '../batch/batching-anthropic-provider';
import type { LlmProvider } from '../llm-provider';
import { createLlmProvider } from './create-llm-provider';
import type { LlmProviderConfig, LlmProviderConfigInput } from './llm-provider-config';

/**
 * The provider as a worker runs it: the configured one, and for the Message Batches API the
 * batching provider over it (many jobs' requests in one recorded batch that survives restarts), so
 * that batching stays the batch provider's own business and callers see one LlmProvider.
 */
export function createWorkerProvider(
  config: LlmProviderConfig | LlmProviderConfigInput,
  batching: { options: BatchingOptions; journal: BatchJournal },
  env: NodeJS.ProcessEnv = process.env,
): LlmProvider {
  const provider = createLlmProvider(config, env);
  return provider instanceof AnthropicBatchProvider ? new BatchingAnthropicProvider(provider, batching.options, batching.journal) : provider;
}
