/**
 * Per-session metrics from the 0-based rank of the true item (Evaluation.ranks, REFERENCE §1):
 * a hit at K when rank < K; NDCG@K = 1/log2(rank + 2) for a hit, 0 otherwise (one relevant item).
 */
export function hitAt(rank: number, k: number): boolean {
  return rank >= 0 && rank < k;
}

export function ndcgAt(rank: number, k: number): number {
  return hitAt(rank, k) ? 1 / Math.log2(rank + 2) : 0;
}

export interface RankMetrics {
  recall5: number;
  ndcg5: number;
  recall10: number;
  ndcg10: number;
}

/** The four metrics of Table 1 as means over the sessions. */
export function metricsOfRanks(ranks: readonly number[]): RankMetrics {
  if (ranks.length === 0) throw new RangeError('metrics need at least one ranked session');
  let r5 = 0, n5 = 0, r10 = 0, n10 = 0;
  for (const rank of ranks) {
    if (hitAt(rank, 5)) r5++;
    if (hitAt(rank, 10)) r10++;
    n5 += ndcgAt(rank, 5);
    n10 += ndcgAt(rank, 10);
  }
  const n = ranks.length;
  return { recall5: r5 / n, ndcg5: n5 / n, recall10: r10 / n, ndcg10: n10 / n };
}
