import { PROVIDER_TRAITS } from '@alkdrec/contracts';
import { conversationOf, type CompleteOptions, type LlmAnswer, type LlmProvider, type LlmRequest, type ProviderTraits } from '../llm-provider';
import { classifyHttpFailure, transportFailure } from '../errors/classify-http-error';
import { ProviderTransientError } from '../errors/provider-errors';
import { networkErrorCode } from '../errors/network-error-code';
import { readChatCompletion, readOpenAiError } from './chat-completion-body';

export interface OpenAiCompatibleProviderOptions {
  /** The server's root, e.g. http://127.0.0.1:8000 for vLLM; `/v1/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  /** Local servers usually need none; sent as `Authorization: Bearer …` when given. */
  apiKey?: string;
  timeoutMs: number;
}

/** Any server speaking OpenAI's `/v1/chat/completions` (vLLM, llama.cpp, Ollama), with plain fetch. */
export class OpenAiCompatibleProvider implements LlmProvider {
  readonly name = 'openai-compatible' as const;
  readonly model: string;
  readonly traits: ProviderTraits = PROVIDER_TRAITS['openai-compatible'];
  private readonly url: string;

  constructor(private readonly options: OpenAiCompatibleProviderOptions) {
    this.model = options.model;
    this.url = `${options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/chat/completions`;
  }

  async complete(request: LlmRequest, options: CompleteOptions = {}): Promise<LlmAnswer> {
    const started = performance.now();
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
    const messages = [...(request.system === undefined ? [] : [{ role: 'system', content: request.system }]), ...conversationOf(request)];
    let response: Response;
    let body: unknown;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: this.model, messages, max_tokens: request.maxTokens, temperature: request.temperature ?? 0 }),
        signal,
      });
      body = await response.json().catch(() => undefined);
    } catch (error) {
      throw this.transportError(error, timeout);
    }
    if (!response.ok) {
      const { type, message } = readOpenAiError(body, response.statusText);
      throw classifyHttpFailure({
        provider: this.name,
        status: response.status,
        errorClass: type,
        message,
        retryAfterHeader: response.headers.get('retry-after'),
      });
    }
    const completion = readChatCompletion(body);
    if (completion === undefined) {
      // A 200 with an unreadable body: a proxy or a server bug, not the prompt's fault; try again.
      throw new ProviderTransientError(`${this.name}: HTTP 200 with a body that is not a chat completion`, {
        provider: this.name,
        status: response.status,
        errorClass: 'invalid_response',
      });
    }
    return { kind: 'answer', ...completion, latencyMs: Math.round(performance.now() - started) };
  }

  private transportError(error: unknown, timeout: AbortSignal): ProviderTransientError {
    if (timeout.aborted) return transportFailure(this.name, 'timeout', `no answer within ${this.options.timeoutMs} ms`, error);
    const name = (error as Error | undefined)?.name;
    if (name === 'AbortError') return transportFailure(this.name, 'aborted', 'the caller aborted the request', error);
    return transportFailure(this.name, networkErrorCode(error) ?? 'connection_error', (error as Error).message, error);
  }
}
