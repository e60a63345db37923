/**
 * Recall@K and NDCG@K from 0-based ranks of the single relevant item (REFERENCE §1): a hit at rank
 * r < K scores recall 1 and NDCG 1/log2(r + 2). The reference summed NDCG over a set, in arbitrary
 * order (§8); here the position is the real one.
 */
export interface RankMetrics {
  recall5: number;
  ndcg5: number;
  recall10: number;
  ndcg10: number;
}

export function recallAt(ranks: ArrayLike<number>, k: number): number {
  if (ranks.length === 0) return 0;
  let hits = 0;
  for (let i = 0; i < ranks.length; i++) if ((ranks[i] as number) < k) hits++;
  return hits / ranks.length;
}

export function ndcgAt(ranks: ArrayLike<number>, k: number): number {
  if (ranks.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks[i] as number;
    if (r < k) sum += 1 / Math.log2(r + 2);
  }
  return sum / ranks.length;
}

export function metricsFromRanks(ranks: ArrayLike<number>): RankMetrics {
  return {
    recall5: recallAt(ranks, 5),
    ndcg5: ndcgAt(ranks, 5),
    recall10: recallAt(ranks, 10),
    ndcg10: ndcgAt(ranks, 10),
  };
}
