import { PROVIDER_TRAITS } from '@alkdrec/contracts';
import Anthropic from '@anthropic-ai/sdk';
import type { CompleteOptions, LlmAnswer, LlmProvider, LlmRequest, ProviderTraits } from '../llm-provider';
import { anthropicMessageText } from './anthropic-message-text';
import { anthropicMessageParams } from './anthropic-params';
import { fromAnthropicSdkError } from './anthropic-sdk-errors';

export interface AnthropicProviderOptions {
  apiKey: string;
  model: string;
  /**
   * Where requests go (createLlmProvider resolves it: LLM_BASE_URL, ANTHROPIC_BASE_URL, else
   * ANTHROPIC_DEFAULT_BASE_URL). Always handed to the SDK explicitly, so the SDK reads no base URL of
   * its own from process.env or a credentials profile; tests point it at the fake server.
   */
  baseUrl: string;
  /** Per-request timeout; a timeout is a ProviderTransientError. */
  timeoutMs: number;
}

/** Builds the SDK client with retries off: retries belong to the queue, where they are counted and rate-limited. */
export function createAnthropicClient(options: Omit<AnthropicProviderOptions, 'model'>): Anthropic {
  return new Anthropic({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: options.timeoutMs, maxRetries: 0 });
}

/** Anthropic's Messages API through the official SDK, one request per call. */
export class AnthropicProvider implements LlmProvider {
  readonly name = 'anthropic' as const;
  readonly model: string;
  readonly traits: ProviderTraits = PROVIDER_TRAITS['anthropic'];
  private readonly client: Anthropic;

  constructor(options: AnthropicProviderOptions) {
    this.model = options.model;
    this.client = createAnthropicClient(options);
  }

  async complete(request: LlmRequest, options: CompleteOptions = {}): Promise<LlmAnswer> {
    const started = performance.now();
    let message: Anthropic.Message;
    try {
      message = await this.client.messages.create(anthropicMessageParams(this.model, request), { signal: options.signal });
    } catch (error) {
      throw fromAnthropicSdkError(this.name, error);
    }
    return {
      kind: 'answer',
      text: anthropicMessageText(message),
      inputTokens: message.usage.input_tokens,
      outputTokens: message.usage.output_tokens,
      latencyMs: Math.round(performance.now() - started),
    };
  }
}
