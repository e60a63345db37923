/** Every provider the worker can be configured with (`LLM_PROVIDER`). */
export const LLM_PROVIDER_NAMES = ['anthropic', 'anthropic-batch', 'openai-compatible', 'replay'] as const;
export type LlmProviderName = (typeof LLM_PROVIDER_NAMES)[number];

/**
 * Which recorded answer the replay provider should return. Real providers ignore it; the worker
 * sets it on every request so that switching to `replay` needs no other change.
 */
export type ReplayKey =
  | { task: 'ranking'; dataset: string; /** 0-based line of sessions.jsonl (the recordings' key). */ row: number }
  | { task: 'hints'; dataset: string };

/** An earlier exchange of the same conversation (the corrective retry resends the first answer). */
export interface LlmTurn {
  user: string;
  assistant: string;
}

export interface LlmRequest {
  /** Optional system prompt; ALKDRec's prompts send none (the prompt is the USER message). */
  system?: string;
  /** Earlier turns, oldest first, sent before `user`. */
  earlierTurns?: readonly LlmTurn[];
  /** The prompt, sent as the final user message. */
  user: string;
  /** Upper bound on output tokens; also what a budget reservation assumes is billed. */
  maxTokens: number;
  /** Default 0 (the paper ran GPT-4 at 0). Sent to openai-compatible servers; the Anthropic Messages API has deprecated it. */
  temperature?: number;
  replayKey?: ReplayKey;
}

/** The model answered (its text may still be unusable: parsing is the caller's job). */
export interface LlmAnswer {
  kind: 'answer';
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** Wall time of the HTTP call (or of the batch, spread over its requests; 0 for replay). */
  latencyMs: number;
}

/** Only the replay provider says this: there is no recorded answer for the request. Never retried. */
export interface LlmNotAvailable {
  kind: 'not-available';
  reason: string;
}

export type LlmCompletion = LlmAnswer | LlmNotAvailable;

export interface CompleteOptions {
  /** Aborting rejects with ProviderTransientError (the queue decides whether to try again). */
  signal?: AbortSignal;
}

/**
 * One interface for every LLM backend. `complete` either resolves with a completion or rejects with
 * one of the ProviderError classes (rate limit, transient, permanent), which the worker maps to
 * BullMQ's rate-limit delay, retry with backoff, or UnrecoverableError. Providers never retry by
 * themselves: retries belong to the queue, where they are counted and rate-limited.
 */
export interface LlmProvider {
  readonly name: LlmProviderName;
  readonly model: string;
  complete(request: LlmRequest, options?: CompleteOptions): Promise<LlmCompletion>;
}

/** The conversation as Messages/Chat APIs take it: earlier turns, then the prompt. */
export function conversationOf(request: LlmRequest): Array<{ role: 'user' | 'assistant'; content: string }> {
  return [
    ...(request.earlierTurns ?? []).flatMap((turn) => [
      { role: 'user' as const, content: turn.user },
      { role: 'assistant' as const, content: turn.assistant },
    ]),
    { role: 'user' as const, content: request.user },
  ];
}
