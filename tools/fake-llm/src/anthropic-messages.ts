import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAnthropicMessageRequest } from './anthropic-request';
import { anthropicFaultError, anthropicRateLimited } from './error-bodies';
import { ClientRequestError, header, readJsonBody, sendJson } from './http-io';
import { anthropicRateLimitHeaders } from './request-rate-limit';
import type { ServerContext } from './server-context';
import { estimateTokens, truncateToTokens } from './token-estimate';

/** The Messages API response, as the real API shapes it (fields the simulation has no use for are null). */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  content: Array<{ type: 'text'; text: string; citations: null }>;
  model: string;
  stop_reason: 'end_turn' | 'max_tokens';
  stop_sequence: null;
  usage: { input_tokens: number; output_tokens: number; cache_creation_input_tokens: 0; cache_read_input_tokens: 0 };
}

/** `x-api-key` (any value: nothing is verified) and `anthropic-version`, which the real API requires. */
export function checkAnthropicHeaders(req: IncomingMessage): void {
  if (!header(req, 'x-api-key') && !header(req, 'authorization')) throw new ClientRequestError(401, 'x-api-key header is required');
  if (!header(req, 'anthropic-version')) throw new ClientRequestError(400, 'anthropic-version: header is required');
}

/** An answer over `max_tokens` is cut there with stop_reason `max_tokens`, as a real model's would be. */
export function buildAnthropicMessage(id: string, model: string, prompt: string, text: string, maxTokens: number): AnthropicMessage {
  const truncated = estimateTokens(text) > maxTokens;
  const output = truncated ? truncateToTokens(text, maxTokens) : text;
  return {
    id,
    type: 'message',
    role: 'assistant',
    content: [{ type: 'text', text: output, citations: null }],
    model,
    stop_reason: truncated ? 'max_tokens' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: estimateTokens(prompt), output_tokens: estimateTokens(output), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

/** POST /v1/messages (non-streaming). */
export async function handleMessages(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  checkAnthropicHeaders(req);
  const request = parseAnthropicMessageRequest(await readJsonBody(req));
  // The account's rate limit refuses at the front door, before any generation (and any fault draw).
  const limit = ctx.requestLimit.take();
  if (!limit.admitted) {
    const refused = anthropicRateLimited(limit);
    return sendJson(res, refused.status, refused.body, refused.headers);
  }
  // The real API sends its rate-limit headers on every response; without a limit there are none to send.
  const limitHeaders = ctx.requestLimit.enabled ? anthropicRateLimitHeaders(limit) : {};
  const outcome = ctx.simulator.generate('messages', request.prompt);
  if (outcome.kind === 'hang') return ctx.held.hang(res);
  if (outcome.kind === 'error') {
    const error = anthropicFaultError(outcome.fault, ctx.retryAfterSeconds);
    return sendJson(res, error.status, error.body, { ...limitHeaders, ...error.headers });
  }
  const message = buildAnthropicMessage(ctx.nextId('msg'), request.model, request.prompt, outcome.text, request.maxTokens);
  ctx.held.delay(res, outcome.latencyMs, () => {
    sendJson(res, 200, message, limitHeaders);
    ctx.stats.delivered(outcome.promptHash);
  });
}
