/** A provider answer as the response store keeps it. */
export interface StoredAnswer {
  text: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
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
 * - `claimed`: nobody has it; the caller now owns it and may send it;
 * - `busy`: another job is sending the same prompt right now; try later rather than pay twice.
 */
export type CallClaim = { kind: 'answered'; answer: StoredAnswer } | { kind: 'claimed' } | { kind: 'busy'; owner: string };

/**
 * The response store as the worker needs it: every call keyed by a hash of provider, model and
 * prompt, claimed atomically before it is sent, so the same prompt is never paid for twice.
 */
export interface LlmCallStore {
  claim(call: CallClaimRequest): Promise<CallClaim>;
  /** The paid answer, with how many tries the job needed; frees the claim. */
  complete(key: string, owner: string, answer: StoredAnswer, attempts: number): Promise<void>;
  /** The call failed (nothing to keep but the error class); frees the claim for a later try. */
  fail(key: string, owner: string, errorClass: string): Promise<void>;
}

export const LLM_CALL_STORE = Symbol('LLM_CALL_STORE');
