import { Rng, sampleWithoutReplacement } from '@alkdrec/recsys';
import type { PoolSession, SelectedSession } from '../types';

/**
 * `random`: uniform without replacement. The rank reported is the one the session held in the pool
 * left at its draw: its original rank minus the earlier picks ranked above it.
 */
export function drawUniform(ranked: readonly PoolSession[], budget: number, rng: Rng): SelectedSession[] {
  const picks = sampleWithoutReplacement(rng, ranked.length, budget);
  const selected: SelectedSession[] = [];
  for (let order = 0; order < budget; order++) {
    const index = picks[order] as number;
    let earlierAbove = 0;
    for (let j = 0; j < order; j++) if ((picks[j] as number) < index) earlierAbove++;
    const session = ranked[index] as PoolSession;
    selected.push({
      row: session.row,
      order,
      rank: index + 1 - earlierAbove,
      probability: 1 / (ranked.length - order),
      difficulty: session.difficulty,
    });
  }
  return selected;
}
