import { RUN_PROVIDERS, type ProviderTraits, type RunProvider } from '@alkdrec/contracts';
import type { DatasetContent } from '@alkdrec/db';

/** Every provider the worker can be configured with (`LLM_PROVIDER`): the contracts' one list. */
export const LLM_PROVIDER_NAMES = RUN_PROVIDERS;
export type LlmProviderName = RunProvider;
export type { ProviderTraits };

/**
 * Which recorded answer the replay provider should return. Real providers ignore it; the worker
 * sets it on every request so that switching to `replay` needs no other change.
 */
export type ReplayKey =
  | { task: 'ranking'; dataset: string; /** 0-based line of sessions.jsonl (the recordings' key). */ row: number; content?: DatasetContent }
  | { task: 'hints'; dataset: string; content?: DatasetContent };

/** Recordings name sessions by row, so they answer only for the dataset content they were made for. */
export type { DatasetContent };

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
  /**
   * What the answer belongs to beyond the conversation, part of the response store's key: the
   * prompt template's version (a new wording must not reuse old answers) and, where the answer is
   * about one dataset (hints summarise its sessions), that dataset.
   */
  scope?: AnswerScope;
}

export interface AnswerScope {
  promptVersion: string;
  dataset?: string;
}

/** A recorded answer's content as recorded, so nobody has to parse it back out of text. */
export type RecordedContent =
  | { task: 'ranking'; /** Catalogue ids in the recorded order (made against the recording's candidates). */ ids: string[] }
  | { task: 'hints'; hints: string[] };

/** The model answered (its text may still be unusable: parsing is the caller's job). */
export interface LlmAnswer {
  kind: 'answer';
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** Wall time of the HTTP call (or of the batch, spread over its requests; 0 for replay). */
  latencyMs: number;
  /** Only recorded answers: the content as recorded (`text` is a readable rendering of it). */
  recorded?: RecordedContent;
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
  /**
   * The request as the ledger knows it. A provider that answers later than it is asked (a Message
   * Batch can take hours, and outlive this process) records the answer into the ledger itself;
   * providers that answer in the call ignore it: the caller records their answer.
   */
  ticket?: RequestTicket;
}

/** How a caller reads an answer: usable or not, the parse kept with it, and why not (a fault class). */
export interface AnswerVerdict {
  usable: boolean;
  parsed: unknown;
  /** Unusable answers: `unparseable`, `off-candidate`, … */
  faultClass?: string;
}

export interface RequestTicket {
  /** The LlmRequest row recorded before sending. */
  requestId: string;
  /** The response store's key of the call (`llmCallKey`). */
  callKey: string;
  /** Who holds the call's claim. */
  owner: string;
  judge: (answer: LlmAnswer) => AnswerVerdict;
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
  readonly traits: ProviderTraits;
  complete(request: LlmRequest, options?: CompleteOptions): Promise<LlmCompletion>;
  /**
   * Optional: for a call whose claim is held by `owner`, something of this provider's (a recorded
   * Message Batch, `batch:<id>`), waits until that holder has recorded its outcome and says true;
   * false when `owner` is nothing it knows. Lets a job wait for a batch instead of sending again.
   */
  awaitHolder?(owner: string): Promise<boolean>;
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
