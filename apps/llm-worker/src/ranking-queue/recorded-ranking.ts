import type { LlmRankingResult } from '@alkdrec/contracts';
import { recordedRankingIndices } from '@alkdrec/llm';
import type { Catalogue } from '../catalogue/catalogue-cache';

/**
 * A recorded ranking (catalogue ids as recorded, made against the recording's own candidates, not
 * ours) as item indices (libs/llm's recordedRankingIndices: each catalogue id once, in the recorded
 * order; ids this catalogue does not know are dropped and counted), with the true item's position.
 */
export function recordedRanking(ids: readonly string[], catalogue: Catalogue, nextItem: number): Pick<LlmRankingResult, 'ranking' | 'truePosition' | 'droppedIds'> {
  const { ranking, droppedIds } = recordedRankingIndices(ids, (id) => catalogue.indexOf(id));
  const position = ranking.indexOf(nextItem);
  return { ranking, truePosition: position === -1 ? null : position, droppedIds };
}
