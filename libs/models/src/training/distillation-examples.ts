import type { SessionInput } from '../input/session-tensors';
import type { TrainingExamples } from './examples';

/** A session's LLM (or teacher) ranking: catalogue item indices, best first. */
export interface SessionRanking {
  session: SessionInput;
  ranking: readonly number[];
}

/**
 * Weight of the item at 0-based position j of a ranking (REFERENCE §6): 3 for j ≤ 5, 2 for
 * 6 ≤ j ≤ 15, 1 for 16 ≤ j ≤ 25, as the reference code does it (the paper writes ranks [1,5] /
 * (5,15] / (15,25], i.e. one item fewer at weight 3). Positions past 25 are not used.
 */
export function rankWeight(position: number): number {
  if (position <= 5) return 3;
  if (position <= 15) return 2;
  if (position <= 25) return 1;
  return 0;
}

/**
 * Distillation pairs (REFERENCE §6): every ranked item is a positive for its session, repeated by
 * its weight — repetition, as the reference does, rather than a weight in the loss: with in-batch
 * negatives a repeated pair is also drawn more often as another session's negative, which a loss
 * weight would not reproduce. Items outside the catalogue are skipped; `uniformWeight` gives every
 * item weight 1 (the TR ablation distils the teacher's top-50 that way).
 */
export function distillationExamples(
  rankings: readonly SessionRanking[],
  itemCount: number,
  options: { uniformWeight?: boolean } = {},
): TrainingExamples {
  const sessionIndex: number[] = [];
  const positive: number[] = [];
  rankings.forEach(({ ranking }, s) => {
    ranking.forEach((item, position) => {
      if (!(Number.isInteger(item) && item >= 0 && item < itemCount)) return;
      const weight = options.uniformWeight ? 1 : rankWeight(position);
      for (let k = 0; k < weight; k++) {
        sessionIndex.push(s);
        positive.push(item);
      }
    });
  });
  return {
    sessions: rankings.map((r) => r.session),
    sessionIndex: Int32Array.from(sessionIndex),
    positive: Int32Array.from(positive),
  };
}
