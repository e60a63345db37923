import type { LlmRankingResult } from '@alkdrec/contracts';
import type { Catalogue } from '../catalogue/catalogue-cache';

const BRACKETED_ID = /<([^<>\s]+)>/g;

/**
 * A replayed answer (`[<id>, …]` as recorded) as item indices: each catalogue id once, in the
 * recorded order; ids this catalogue does not know are dropped and counted.
 */
export function replayedRanking(text: string, catalogue: Catalogue, nextItem: number): Pick<LlmRankingResult, 'ranking' | 'truePosition' | 'droppedIds'> {
  const ranking: number[] = [];
  let droppedIds = 0;
  for (const match of text.matchAll(BRACKETED_ID)) {
    const index = catalogue.indexOf(match[1] as string);
    if (index === undefined) droppedIds++;
    else if (!ranking.includes(index)) ranking.push(index);
  }
  const position = ranking.indexOf(nextItem);
  return { ranking, truePosition: position === -1 ? null : position, droppedIds };
}
