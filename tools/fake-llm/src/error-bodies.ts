import { anthropicRateLimitHeaders, openAiRateLimitHeaders, type RateLimitDecision } from './request-rate-limit';
import type { HttpFault } from './simulator';

/** The Anthropic API's error types this simulation can produce. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

export interface ErrorReply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

let requestCounter = 0;

/** `{type:'error', error:{type, message}, request_id}`, as api.anthropic.com sends it. */
export function anthropicError(status: number, type: AnthropicErrorType, message: string, headers: Record<string, string> = {}): ErrorReply {
  const requestId = `req_fake_${(++requestCounter).toString().padStart(8, '0')}`;
  return { status, body: { type: 'error', error: { type, message }, request_id: requestId }, headers: { 'request-id': requestId, ...headers } };
}

/** `{error:{message, type, param, code}}`, as api.openai.com (and vLLM) send it. */
export function openAiError(status: number, type: string, code: string | null, message: string, headers: Record<string, string> = {}): ErrorReply {
  return { status, body: { error: { message, type, param: null, code } }, headers };
}

/** The status and error type a real Anthropic endpoint uses for each injected fault. */
export function anthropicFaultError(fault: HttpFault, retryAfterSeconds: number): ErrorReply {
  switch (fault) {
    case 'rate-limit-429':
      return anthropicError(429, 'rate_limit_error', 'Simulated rate limit: number of requests has exceeded your per-minute rate limit.', {
        'retry-after': String(retryAfterSeconds),
      });
    case 'overloaded-529':
      return anthropicError(529, 'overloaded_error', 'Simulated overload: Overloaded');
    case 'server-error-500':
      return anthropicError(500, 'api_error', 'Simulated internal server error.');
  }
}

/**
 * OpenAI's equivalents. OpenAI has no 529: an overloaded OpenAI-compatible server answers 503
 * (vLLM and api.openai.com alike), so `overloaded-529` becomes a 503 on this surface.
 */
export function openAiFaultError(fault: HttpFault, retryAfterSeconds: number): ErrorReply {
  switch (fault) {
    case 'rate-limit-429':
      return openAiError(429, 'requests', 'rate_limit_exceeded', 'Simulated rate limit reached for requests.', {
        'retry-after': String(retryAfterSeconds),
      });
    case 'overloaded-529':
      return openAiError(503, 'server_error', 'overloaded', 'Simulated overload: the engine is currently overloaded, please try again later.');
    case 'server-error-500':
      return openAiError(500, 'server_error', null, 'Simulated internal server error.');
  }
}

/** The 429 of the server's own per-minute limit (`rateLimitRpm`), with the rate-limit headers. */
export function anthropicRateLimited(decision: RateLimitDecision): ErrorReply {
  return anthropicError(
    429,
    'rate_limit_error',
    `Number of requests has exceeded your per-minute rate limit (simulated limit: ${decision.limit} requests per minute).`,
    anthropicRateLimitHeaders(decision),
  );
}

export function openAiRateLimited(decision: RateLimitDecision): ErrorReply {
  return openAiError(
    429,
    'requests',
    'rate_limit_exceeded',
    `Rate limit reached for requests (simulated limit: ${decision.limit} requests per minute).`,
    openAiRateLimitHeaders(decision),
  );
}

/** Maps a client mistake (ClientRequestError status) to Anthropic's error type. */
export function anthropicClientErrorType(status: number): AnthropicErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  return 'invalid_request_error';
}
