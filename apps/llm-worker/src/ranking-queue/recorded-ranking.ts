import type { LlmRankingResult } from '@alkdrec/contracts';
import type { Catalogue } from '../catalogue/catalogue-cache';

/**
 * A recorded ranking (catalogue ids as recorded, made against the recording's own candidates, not
 * ours) as item indices: each catalogue id once, in the recorded order; ids this catalogue does not
 * know are dropped and counted.
 */
export function recordedRanking(ids: readonly string[], catalogue: Catalogue, nextItem: number): Pick<LlmRankingResult, 'ranking' | 'truePosition' | 'droppedIds'> {
  const ranking: number[] = [];
  let droppedIds = 0;
  for (const id of ids) {
    const index = catalogue.indexOf(id);
    if (index === undefined) droppedIds++;
    else if (!ranking.includes(index)) ranking.push(index);
  }
  const position = ranking.indexOf(nextItem);
  return { ranking, truePosition: position === -1 ? null : position, droppedIds };
}
