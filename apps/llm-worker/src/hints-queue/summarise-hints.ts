import type { LlmHintsPayload, LlmHintsResult } from '@alkdrec/contracts';
import { buildHintPrompt, HintsParseError, parseHintsAnswer } from '@alkdrec/llm';
import type { Catalogue } from '../catalogue/catalogue-cache';
import type { CallContext, LlmCalls } from '../llm/llm-calls';

/**
 * Module 1: the sampled sessions and the teacher's recommendations as titles, one hint prompt,
 * the numbered hints read back. An answer with no hint throws HintsParseError (the job fails with
 * it rather than let a run rank without hints unnoticed).
 */
export async function summariseHints(
  payload: LlmHintsPayload,
  deps: { calls: LlmCalls; catalogue: Catalogue; maxOutputTokens: number },
  ctx: CallContext,
): Promise<LlmHintsResult> {
  const { catalogue } = deps;
  const title = (index: number): string => catalogue.item(index).title;
  const prompt = buildHintPrompt(
    payload.samples.map((s) => ({ sessionTitles: s.sessionItems.map(title), recommendedTitles: s.recommended.map(title) })),
    catalogue.domain,
  );
  const outcome = await deps.calls.send(
    { user: prompt.user, maxTokens: deps.maxOutputTokens, temperature: 0, replayKey: { task: 'hints', dataset: payload.dataset } },
    ctx,
    judgeHints,
  );
  const base = { runId: payload.runId, hints: [] as string[], costUsd: 0, cached: false };
  if (outcome.kind === 'budget-exhausted') return { ...base, status: 'budget-exhausted' };
  if (outcome.kind === 'not-available') return { ...base, status: 'not-available' };
  return { ...base, status: 'summarised', hints: parseHintsAnswer(outcome.text), costUsd: outcome.costUsd, cached: outcome.cached };
}

function judgeHints(text: string): { usable: boolean; parsed: unknown } {
  try {
    return { usable: true, parsed: parseHintsAnswer(text) };
  } catch (error) {
    if (error instanceof HintsParseError) return { usable: false, parsed: { error: error.message } };
    throw error;
  }
}
