import Anthropic from '@anthropic-ai/sdk';
import type { LlmProviderName } from '../llm-provider';
import { classifyHttpFailure, transportFailure } from '../errors/classify-http-error';
import type { ProviderError } from '../errors/provider-errors';
import { networkErrorCode } from '../errors/network-error-code';

/**
 * Turns whatever the SDK threw into a ProviderError. The SDK's own messages contain the status and
 * the API's message, never the key. Anything that is not an SDK error is a bug and is rethrown.
 */
export function fromAnthropicSdkError(provider: LlmProviderName, error: unknown): ProviderError {
  if (error instanceof Anthropic.APIConnectionTimeoutError) return transportFailure(provider, 'timeout', error.message, error);
  if (error instanceof Anthropic.APIUserAbortError) return transportFailure(provider, 'aborted', error.message, error);
  if (error instanceof Anthropic.APIConnectionError) {
    return transportFailure(provider, networkErrorCode(error) ?? 'connection_error', error.message, error);
  }
  if (error instanceof Anthropic.APIError && error.status !== undefined) {
    return classifyHttpFailure({
      provider,
      status: error.status,
      errorClass: anthropicErrorType(error) ?? undefined,
      message: error.message,
      retryAfterHeader: error.headers?.get('retry-after'),
      cause: error,
    });
  }
  throw error;
}

function anthropicErrorType(error: InstanceType<typeof Anthropic.APIError>): string | null {
  const body = error.error as { error?: { type?: unknown } } | undefined;
  const type = body?.error?.type;
  return typeof type === 'string' ? type : null;
}
