import type { LlmHintsPayload, LlmHintsResult } from '@alkdrec/contracts';
import { buildHintPrompt, HintsParseError, hintsCorrectiveMessage, MAX_HINT_ATTEMPTS, parseHintsAnswer } from '@alkdrec/llm';
import type { AnswerVerdict, LlmAnswer } from '@alkdrec/llm-providers';
import type { Catalogue } from '../catalogue/catalogue-cache';
import { askUntilUsable } from '../llm/ask-until-usable';
import type { CallContext, LlmCalls } from '../llm/llm-calls';

/**
 * No hint could be read from the LLM's answers, corrective turn included. `final`: every answer was
 * a stored failure whose retries are spent (LLM_PARSE_FAILED_RETRIES), so another attempt would
 * send nothing and fail the same way; otherwise a later attempt asks again.
 */
export class HintsUnusableError extends Error {
  override readonly name = 'HintsUnusableError';
  constructor(
    message: string,
    readonly final: boolean,
  ) {
    super(message);
  }
}

/**
 * Module 1: the sampled sessions and the teacher's recommendations as titles, one hint prompt,
 * the numbered hints read back; an answer with no hint gets the corrective turn, as rankings do.
 * Still none: HintsUnusableError (the job is retried, asking again, rather than let a run rank
 * without hints unnoticed).
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
  const outcome = await askUntilUsable(deps.calls, ctx, {
    first: {
      user: prompt.user,
      maxTokens: deps.maxOutputTokens,
      temperature: 0,
      // The hints summarise this dataset's sessions: their answer belongs to it alone.
      scope: { promptVersion: prompt.version, dataset: payload.dataset },
      replayKey: { task: 'hints', dataset: payload.dataset, ...(catalogue.content ? { content: catalogue.content } : {}) },
    },
    judge: judgeHints,
    corrective: (verdict) => hintsCorrectiveMessage(new HintsParseError((verdict.parsed as { error: string }).error)),
    maxAttempts: MAX_HINT_ATTEMPTS,
  });
  const base = { runId: payload.runId, hints: [] as string[], costUsd: outcome.costUsd, cached: outcome.cached };
  switch (outcome.kind) {
    case 'usable':
      return { ...base, status: 'summarised', hints: outcome.verdict.parsed as string[] };
    case 'budget-exhausted':
      return { ...base, status: 'budget-exhausted' };
    case 'not-available':
      return { ...base, status: 'not-available' };
    case 'unusable':
      throw new HintsUnusableError(
        `no hint could be read from the LLM's answer after ${outcome.attempts} tr${outcome.attempts === 1 ? 'y' : 'ies'} (${(outcome.verdict.parsed as { error: string }).error})` +
          (outcome.final ? '; the stored answers are final (raise LLM_PARSE_FAILED_RETRIES to ask again)' : ''),
        outcome.final,
      );
  }
}

function judgeHints(answer: LlmAnswer): AnswerVerdict {
  if (answer.recorded?.task === 'hints') {
    const { hints } = answer.recorded;
    return hints.length > 0 ? { usable: true, parsed: hints } : { usable: false, parsed: { error: 'the recording has no hints' }, faultClass: 'unparseable' };
  }
  try {
    return { usable: true, parsed: parseHintsAnswer(answer.text) };
  } catch (error) {
    if (error instanceof HintsParseError) return { usable: false, parsed: { error: error.message }, faultClass: 'unparseable' };
    throw error;
  }
}
