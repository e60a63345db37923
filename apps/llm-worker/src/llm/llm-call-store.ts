/** A provider answer as the response store keeps it. */
export interface StoredAnswer {
  text: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
}

/** What the caller made of an answer, kept with it: a usable parse, or a parse failure. */
export interface AnswerVerdict {
  usable: boolean;
  parsed: unknown;
}

export interface CallClaimRequest {
  /** `llmCallKey(provider, request)`: provider, model and the whole conversation. */
  key: string;
  provider: string;
  model: string;
  /** What was sent (`llmCallPrompt`), kept with the answer. */
  prompt: unknown;
  /** Who may send it: the BullMQ job id, so a retried or restarted job takes its own claim back. */
  owner: string;
}

/**
 * What the store says about a call before it is sent:
 * - `answered`: it was paid for before (this run, another run, before a restart): use that answer;
 * - `not-available`: replay has no recording for it (stored too, so it is not asked again);
 * - `claimed`: nobody has it; the caller now owns it and may send it;
 * - `busy`: another job is sending the same prompt right now; try later rather than pay twice.
 */
export type CallClaim =
  | { kind: 'answered'; answer: StoredAnswer }
  | { kind: 'not-available'; reason: string }
  | { kind: 'claimed' }
  | { kind: 'busy'; owner: string };

export interface CallFailure {
  errorClass: string;
  message: string;
}

/**
 * The response store as the worker needs it: every call keyed by a hash of provider, model and
 * prompt, claimed atomically before it is sent, so the same prompt is never paid for twice.
 * Only the claim's owner may record its outcome.
 */
export interface LlmCallStore {
  claim(call: CallClaimRequest): Promise<CallClaim>;
  /** The paid answer and what the parser made of it; frees the claim. */
  complete(key: string, owner: string, answer: StoredAnswer, verdict: AnswerVerdict): Promise<void>;
  notAvailable(key: string, owner: string, reason: string): Promise<void>;
  /** Nothing billed (refused, failed, timed out): the error class is kept, the claim freed for a later try. */
  fail(key: string, owner: string, failure: CallFailure): Promise<void>;
}

export const LLM_CALL_STORE = Symbol('LLM_CALL_STORE');
