/**
 * Full-catalogue ranking of one session's scores (REFERENCE §1). Items already in the session are
 * excluded from the ranking; ties are broken by item index, the order a stable descending sort gives,
 * so the rank here and the position in `topK` always agree.
 */

/** Sentinel rank for a target that cannot be recommended (it is one of the session's own items). */
export const UNRANKABLE = Number.MAX_SAFE_INTEGER;

/**
 * 0-based rank of `target` among the first `itemCount` scores, skipping `excluded` items.
 * A target that is itself excluded, or scored NaN, can never be hit: its rank is {@link UNRANKABLE}.
 */
export function rankOfTarget(
  scores: ArrayLike<number>,
  itemCount: number,
  target: number,
  excluded: ReadonlySet<number>,
): number {
  const t = scores[target] as number;
  // A NaN score compares false with everything and would rank first: count it as a miss instead.
  if (excluded.has(target) || Number.isNaN(t)) return UNRANKABLE;
  // Items before the target outrank it on a tie, items after it only on a higher score: two
  // branch-free loops (this is most of an evaluation pass: every session × the whole catalogue).
  let rank = 0;
  for (let v = 0; v < target; v++) rank += +((scores[v] as number) >= t);
  for (let v = target + 1; v < itemCount; v++) rank += +((scores[v] as number) > t);
  // Excluded items were counted above if they outrank the target; take them back out.
  for (const v of excluded) {
    if (v < 0 || v >= itemCount) continue;
    const s = scores[v] as number;
    if (s > t || (s === t && v < target)) rank--;
  }
  return rank;
}

/**
 * The `k` best items (highest score first, ties by lower index), skipping `excluded`.
 * A bounded min-heap keeps it O(n log k) for one pass over the catalogue.
 */
export function topK(scores: ArrayLike<number>, itemCount: number, k: number, excluded: ReadonlySet<number>): number[] {
  const heap: number[] = []; // item ids; heap[0] is the worst of the kept ones
  const worse = (a: number, b: number): boolean => {
    const sa = scores[a] as number;
    const sb = scores[b] as number;
    return sa < sb || (sa === sb && a > b);
  };
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l] as number, heap[m] as number)) m = l;
      if (r < heap.length && worse(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as number, heap[i] as number];
      i = m;
    }
  };
  const siftUp = (i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(heap[i] as number, heap[p] as number)) return;
      [heap[i], heap[p]] = [heap[p] as number, heap[i] as number];
      i = p;
    }
  };
  for (let v = 0; v < itemCount; v++) {
    if (excluded.has(v)) continue;
    if (heap.length < k) {
      heap.push(v);
      siftUp(heap.length - 1);
    } else if (k > 0 && worse(heap[0] as number, v)) {
      heap[0] = v;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}
