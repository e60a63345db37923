import type { LlmJobProgress, LlmRankingPayload, LlmRankingResult } from '@alkdrec/contracts';
import { buildRankingPrompt, correctiveMessage, MAX_RANKING_ATTEMPTS, parseRankingAnswer, type ParsedRanking, type RankingPrompt } from '@alkdrec/llm';
import type { AnswerVerdict, LlmAnswer } from '@alkdrec/llm-providers';
import type { Catalogue } from '../catalogue/catalogue-cache';
import { askUntilUsable } from '../llm/ask-until-usable';
import type { CallContext, JudgeAnswer, LlmCalls } from '../llm/llm-calls';
import { recordedRanking } from './recorded-ranking';

export interface RankSessionDeps {
  calls: LlmCalls;
  catalogue: Catalogue;
  maxOutputTokens: number;
  progress?: (progress: LlmJobProgress) => Promise<void>;
}

type Ranked = Pick<LlmRankingResult, 'ranking' | 'truePosition' | 'droppedIds'>;

/**
 * Module 2 for one session: prompt with the session and the candidates (libs/llm), send it through
 * the store, budget and ledger, judge the answer against the candidates, and when it has no usable
 * id ask once more with the corrective message in the same conversation. Every path ends in a
 * result with a status; only provider errors escape, for the queue to map.
 */
export async function rankSession(payload: LlmRankingPayload, deps: RankSessionDeps, ctx: CallContext): Promise<LlmRankingResult> {
  const { catalogue } = deps;
  const prompt = buildRankingPrompt({
    hints: payload.hints,
    domain: catalogue.domain,
    sessionItems: payload.sessionItems.map((index) => catalogue.item(index)),
    candidates: payload.candidates.map((index) => catalogue.item(index)),
  });
  const outcome = await askUntilUsable(
    deps.calls,
    ctx,
    {
      first: {
        user: prompt.user,
        maxTokens: deps.maxOutputTokens,
        temperature: 0,
        scope: { promptVersion: prompt.version },
        replayKey: { task: 'ranking', dataset: payload.dataset, row: payload.row, ...(catalogue.content ? { content: catalogue.content } : {}) },
      },
      judge: rankingJudge(prompt, catalogue, payload.nextItem),
      corrective: (verdict) => correctiveMessage({ parsed: verdict.parsed as ParsedRanking, candidateIds: prompt.candidateIds, outputSize: prompt.outputSize }),
      maxAttempts: MAX_RANKING_ATTEMPTS,
    },
    (attempt) => deps.progress?.({ phase: attempt === 1 ? 'calling' : 'correcting', calls: attempt - 1 }) ?? Promise.resolve(),
  );
  const base = { runId: payload.runId, row: payload.row, costUsd: outcome.costUsd, cached: outcome.cached, attempts: outcome.attempts };
  const empty = { ranking: [], truePosition: null, droppedIds: 0 };
  switch (outcome.kind) {
    case 'usable':
      return { ...base, ...(outcome.verdict.parsed as Ranked), status: 'ranked' };
    case 'unusable':
      return { ...base, ...empty, status: 'parse-failed' };
    case 'not-available':
      return { ...base, ...empty, status: 'not-available' };
    case 'budget-exhausted':
      return { ...base, ...empty, status: 'budget-exhausted' };
  }
}

/**
 * Reads an answer as a ranking of our candidates (usable: item indices; unusable: the parse, for
 * the corrective message, and why). A recorded ranking (replay) answers the recording's candidates,
 * not ours: every catalogue id is kept as recorded.
 */
function rankingJudge(prompt: RankingPrompt, catalogue: Catalogue, nextItem: number): JudgeAnswer {
  const trueId = catalogue.item(nextItem).id;
  return (answer: LlmAnswer): AnswerVerdict => {
    if (answer.recorded?.task === 'ranking') {
      const ranked = recordedRanking(answer.recorded.ids, catalogue, nextItem);
      return ranked.ranking.length > 0 ? { usable: true, parsed: ranked } : { usable: false, parsed: ranked, faultClass: 'unparseable' };
    }
    const parsed = parseRankingAnswer(answer.text, prompt.candidateIds, trueId, prompt.outputSize);
    if (!parsed.usable) return { usable: false, parsed, faultClass: parsed.offCandidate > 0 ? 'off-candidate' : 'unparseable' };
    return { usable: true, parsed: toIndices(parsed, catalogue) };
  };
}

function toIndices(parsed: ParsedRanking, catalogue: Catalogue): Ranked {
  // Every parsed id is a candidate, and candidates came from the catalogue: all map back.
  const ranking = parsed.ranking.map((id) => catalogue.indexOf(id) as number);
  return { ranking, truePosition: parsed.truePosition, droppedIds: parsed.offCandidate };
}
