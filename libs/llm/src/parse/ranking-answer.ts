import { DEFAULT_RANKING_OUTPUT_SIZE } from '../prompts/ranking-prompt';
import { answerIds } from './answer-ids';

/** What a ranking answer said, reduced to what distillation needs plus counts for the logs. */
export interface ParsedRanking {
  /** Candidate ids in the answer's order, first occurrence only, at most `outputSize`. */
  ranking: string[];
  /** 0-based position of the true next item in `ranking`; null when absent (the paper's "25"). */
  truePosition: number | null;
  /** Ids read that are not candidates (session items, invented ids, echoed `<ID1>` templates). */
  offCandidate: number;
  /** Candidate ids read again after their first occurrence. */
  repeats: number;
  /** Distinct candidate ids read after `ranking` was full (answers longer than asked). */
  beyondOutputSize: number;
  /** At least one candidate id: the answer can be used. Otherwise retry once, then record a failure. */
  usable: boolean;
}

/**
 * Parses a ranking answer against the candidates it was asked about (REFERENCE §4: keep only
 * candidate ids, first occurrence, in order; record the true item's position). How ids are read
 * from free text is in `answerIds`.
 */
export function parseRankingAnswer(
  answer: string,
  candidateIds: readonly string[],
  trueId: string,
  outputSize = DEFAULT_RANKING_OUTPUT_SIZE,
): ParsedRanking {
  const candidates = new Set(candidateIds);
  if (!candidates.has(trueId)) {
    // rankingCandidates always includes it; a miss here means the caller mixed up sessions.
    throw new RangeError(`the true item ${JSON.stringify(trueId)} is not among the candidates`);
  }
  if (!Number.isSafeInteger(outputSize) || outputSize < 1) {
    throw new RangeError(`outputSize must be a positive integer, got ${outputSize}`);
  }
  const isCandidate = (id: string): boolean => candidates.has(id);

  const seen = new Set<string>();
  const ranking: string[] = [];
  let offCandidate = 0;
  let repeats = 0;
  let beyondOutputSize = 0;
  for (const id of answerIds(answer, isCandidate)) {
    if (!isCandidate(id)) offCandidate++;
    else if (seen.has(id)) repeats++;
    else {
      seen.add(id);
      if (ranking.length < outputSize) ranking.push(id);
      else beyondOutputSize++;
    }
  }
  const position = ranking.indexOf(trueId);
  return {
    ranking,
    truePosition: position === -1 ? null : position,
    offCandidate,
    repeats,
    beyondOutputSize,
    usable: ranking.length > 0,
  };
}
