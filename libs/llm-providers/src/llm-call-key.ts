import { createHash } from 'node:crypto';
import { conversationOf, type LlmProvider, type LlmRequest } from './llm-provider';

/**
 * The response store's key of a call: sha256 (hex) of the canonical JSON of everything its answer
 * belongs to — provider, model, the request's scope (prompt version, and the dataset when the
 * answer is about one) and the whole conversation (system prompt and messages). The same prompt to
 * the same model is one stored call, across runs and restarts, which is what makes "never pay
 * twice" hold; an answer (or a stored failure) never crosses to another prompt version or dataset.
 * `maxTokens` and `temperature` are deliberately left out: ALKDRec sends every prompt at
 * temperature 0 with a fixed limit, and a changed limit should not buy the same answer again. The
 * replay key is left out too for a generating model: it names the session, and the prompt already
 * says everything the model sees. For a recorded provider it is part of the key: a recording
 * answers a session, not a prompt, and two sessions whose prompts happen to coincide (2 of 750 in
 * a Games run) each get their own recorded answer.
 */
export function llmCallKey(provider: Pick<LlmProvider, 'name' | 'model' | 'traits'>, request: LlmRequest): string {
  return createHash('sha256').update(canonicalJson(llmCallPrompt(provider, request))).digest('hex');
}

/** What is hashed, and what the store keeps as the call's prompt. */
export function llmCallPrompt(provider: Pick<LlmProvider, 'name' | 'model' | 'traits'>, request: LlmRequest): Record<string, unknown> {
  const prompt = {
    provider: provider.name,
    model: provider.model,
    scope: request.scope ?? null,
    system: request.system ?? null,
    messages: conversationOf(request),
  };
  return provider.traits.recorded ? { ...prompt, replayKey: request.replayKey ?? null } : prompt;
}

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
