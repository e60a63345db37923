import type { PoolSession, SelectedSession } from '../types';

/** `hardest`: always rank 1 of what is left, i.e. the pool's first `budget` in rank order. */
export function drawHardest(ranked: readonly PoolSession[], budget: number): SelectedSession[] {
  return ranked.slice(0, budget).map((session, order) => ({
    row: session.row,
    order,
    rank: 1,
    probability: 1,
    difficulty: session.difficulty,
  }));
}

/** `easiest`: always the last rank of what is left, which is the pool size at that draw. */
export function drawEasiest(ranked: readonly PoolSession[], budget: number): SelectedSession[] {
  const selected: SelectedSession[] = [];
  for (let order = 0; order < budget; order++) {
    const rank = ranked.length - order;
    const session = ranked[rank - 1] as PoolSession;
    selected.push({ row: session.row, order, rank, probability: 1, difficulty: session.difficulty });
  }
  return selected;
}

/**
 * `tr`: every training session, in rank order; the budget does not apply. Nothing is drawn — all are
 * taken at once — so `rank` is the rank in the full pool.
 */
export function takeAll(ranked: readonly PoolSession[]): SelectedSession[] {
  return ranked.map((session, index) => ({
    row: session.row,
    order: index,
    rank: index + 1,
    probability: 1,
    difficulty: session.difficulty,
  }));
}
