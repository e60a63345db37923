import type { IncomingMessage, ServerResponse } from 'node:http';
import { openAiFaultError, openAiRateLimited } from './error-bodies';
import { ClientRequestError, readJsonBody, sendJson } from './http-io';
import { openAiRateLimitHeaders } from './request-rate-limit';
import type { ServerContext } from './server-context';
import { estimateTokens, truncateToTokens } from './token-estimate';

interface ChatRequest {
  model: string;
  maxTokens: number | undefined;
  prompt: string;
}

/**
 * POST /v1/chat/completions, as OpenAI and local servers (vLLM, llama.cpp, Ollama) speak it.
 * No API key is required: local OpenAI-compatible servers usually accept any or none.
 */
export async function handleChatCompletions(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = parseChatRequest(await readJsonBody(req));
  const limit = ctx.requestLimit.take();
  if (!limit.admitted) {
    const refused = openAiRateLimited(limit);
    return sendJson(res, refused.status, refused.body, refused.headers);
  }
  const limitHeaders = ctx.requestLimit.enabled ? openAiRateLimitHeaders(limit) : {};
  const outcome = ctx.simulator.generate('chat-completions', request.prompt);
  if (outcome.kind === 'hang') return ctx.held.hang(res);
  if (outcome.kind === 'error') {
    const error = openAiFaultError(outcome.fault, ctx.retryAfterSeconds);
    return sendJson(res, error.status, error.body, { ...limitHeaders, ...error.headers });
  }
  const truncated = request.maxTokens !== undefined && estimateTokens(outcome.text) > request.maxTokens;
  const content = truncated ? truncateToTokens(outcome.text, request.maxTokens as number) : outcome.text;
  const promptTokens = estimateTokens(request.prompt);
  const completionTokens = estimateTokens(content);
  const completion = {
    id: ctx.nextId('chatcmpl'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: truncated ? 'length' : 'stop', logprobs: null }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
  ctx.held.delay(res, outcome.latencyMs, () => {
    sendJson(res, 200, completion, limitHeaders);
    ctx.stats.delivered(outcome.promptHash);
  });
}

/** System/developer and user turns make the prompt; assistant turns (earlier answers) do not. */
function parseChatRequest(body: unknown): ChatRequest {
  const fail = (problem: string): never => {
    throw new ClientRequestError(400, problem);
  };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('expected a JSON object');
  const { model, messages, max_tokens: maxTokens, max_completion_tokens: maxCompletionTokens, stream } = body as Record<string, unknown>;
  if (typeof model !== 'string' || model === '') fail("'model' is a required property");
  if (stream === true) fail("'stream': streaming is not simulated by the fake server");
  if (!Array.isArray(messages) || messages.length === 0) return fail("'messages' must be a non-empty array");
  const limit = maxCompletionTokens ?? maxTokens;
  if (limit !== undefined && limit !== null && (!Number.isInteger(limit) || (limit as number) < 1)) fail("'max_tokens' must be an integer ≥ 1");

  const parts: string[] = [];
  messages.forEach((message: unknown, index) => {
    const { role, content } = (message ?? {}) as Record<string, unknown>;
    if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(role as string)) fail(`messages[${index}].role is invalid`);
    const text = contentText(content, index, fail);
    if (role === 'system' || role === 'developer' || role === 'user') parts.push(text);
  });
  return { model: model as string, maxTokens: (limit ?? undefined) as number | undefined, prompt: parts.join('\n\n') };
}

function contentText(content: unknown, index: number, fail: (problem: string) => never): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return fail(`messages[${index}].content must be a string or an array of parts`);
  return content.map((part: { type?: unknown; text?: unknown }) => (part?.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('\n');
}
