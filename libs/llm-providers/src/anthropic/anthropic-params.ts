import type Anthropic from '@anthropic-ai/sdk';
import { conversationOf, type LlmRequest } from '../llm-provider';

/**
 * Messages API parameters for one request: the prompt is the user's turn. `temperature` is not
 * sent: the Messages API has deprecated it and SDK 1.14's types no longer have the field, so the
 * model's default sampling applies (answers are stored, so a prompt is still answered only once).
 */
export function anthropicMessageParams(model: string, request: LlmRequest): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model,
    max_tokens: request.maxTokens,
    ...(request.system === undefined ? {} : { system: request.system }),
    messages: conversationOf(request),
  };
}
