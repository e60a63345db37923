import { Logger } from '@nestjs/common';
import type { LlmJobProgress, LlmRankingPayload, LlmRankingResult } from '@alkdrec/contracts';
import { buildRankingPrompt, correctiveMessage, MAX_RANKING_ATTEMPTS, parseRankingAnswer, type ParsedRanking } from '@alkdrec/llm';
import type { LlmRequest } from '@alkdrec/llm-providers';
import type { Catalogue } from '../catalogue/catalogue-cache';
import type { CallContext, LlmCalls } from '../llm/llm-calls';
import { replayedRanking } from './replayed-ranking';

export interface RankSessionDeps {
  calls: LlmCalls;
  catalogue: Catalogue;
  maxOutputTokens: number;
  progress?: (progress: LlmJobProgress) => Promise<void>;
}

const logger = new Logger('RankSession');

/**
 * Module 2 for one session: prompt with the session and the candidates (libs/llm), send it through
 * the store and budget, parse the answer against the candidates, and when it has no usable id ask
 * once more with the corrective message in the same conversation. Every path ends in a result
 * with a status; only provider errors escape, for the queue to map.
 */
export async function rankSession(payload: LlmRankingPayload, deps: RankSessionDeps, ctx: CallContext): Promise<LlmRankingResult> {
  const { calls, catalogue } = deps;
  const prompt = buildRankingPrompt({
    hints: payload.hints,
    domain: catalogue.domain,
    sessionItems: payload.sessionItems.map((index) => catalogue.item(index)),
    candidates: payload.candidates.map((index) => catalogue.item(index)),
  });
  const trueId = catalogue.item(payload.nextItem).id;
  const base = { runId: payload.runId, row: payload.row };
  const empty = { ranking: [], truePosition: null, droppedIds: 0 };
  let request: LlmRequest = {
    user: prompt.user,
    maxTokens: deps.maxOutputTokens,
    temperature: 0,
    replayKey: { task: 'ranking', dataset: payload.dataset, row: payload.row },
  };

  const isReplay = calls.provider.name === 'replay';
  // Parsed once more below; this copy is what the response store keeps with the answer.
  const judge = (text: string) => {
    if (isReplay) {
      const replayed = replayedRanking(text, catalogue, payload.nextItem);
      return { usable: replayed.ranking.length > 0, parsed: replayed };
    }
    const parsed = parseRankingAnswer(text, prompt.candidateIds, trueId, prompt.outputSize);
    return { usable: parsed.usable, parsed };
  };
  let costUsd = 0;
  let cached = true;
  for (let attempt = 1; attempt <= MAX_RANKING_ATTEMPTS; attempt++) {
    await deps.progress?.({ phase: attempt === 1 ? 'calling' : 'correcting', calls: attempt - 1 });
    const outcome = await calls.send(request, ctx, judge);
    if (outcome.kind === 'budget-exhausted') {
      logger.warn({ msg: outcome.message, runId: payload.runId, row: payload.row, jobId: ctx.owner });
      return { ...base, ...empty, status: 'budget-exhausted', costUsd, cached: cached && costUsd === 0, attempts: attempt - 1 };
    }
    if (outcome.kind === 'not-available') {
      return { ...base, ...empty, status: 'not-available', costUsd, cached: false, attempts: attempt - 1 };
    }
    costUsd += outcome.costUsd;
    cached &&= outcome.cached;

    if (isReplay) {
      // A recording answers the authors' candidates, not ours: keep every catalogue id as recorded.
      const replayed = replayedRanking(outcome.text, catalogue, payload.nextItem);
      const status = replayed.ranking.length > 0 ? 'ranked' : 'parse-failed';
      return { ...base, ...replayed, status, costUsd, cached, attempts: attempt };
    }
    const parsed = parseRankingAnswer(outcome.text, prompt.candidateIds, trueId, prompt.outputSize);
    if (parsed.usable) {
      return { ...base, ...toIndices(parsed, catalogue), status: 'ranked', costUsd, cached, attempts: attempt };
    }
    logger.warn({ msg: 'ranking answer had no usable id', runId: payload.runId, row: payload.row, attempt, offCandidate: parsed.offCandidate });
    request = {
      ...request,
      earlierTurns: [...(request.earlierTurns ?? []), { user: request.user, assistant: outcome.text }],
      user: correctiveMessage({ parsed, candidateIds: prompt.candidateIds, outputSize: prompt.outputSize }),
    };
  }
  return { ...base, ...empty, status: 'parse-failed', costUsd, cached, attempts: MAX_RANKING_ATTEMPTS };
}

function toIndices(parsed: ParsedRanking, catalogue: Catalogue): Pick<LlmRankingResult, 'ranking' | 'truePosition' | 'droppedIds'> {
  // Every parsed id is a candidate, and candidates came from the catalogue: all map back.
  const ranking = parsed.ranking.map((id) => catalogue.indexOf(id) as number);
  return { ranking, truePosition: parsed.truePosition, droppedIds: parsed.offCandidate };
}
