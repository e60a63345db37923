/**
 * The teacher's top-`size` in the teacher's order, with the true next item guaranteed to be in
 * it: when it is missing, it replaces the last one (REFERENCE §4). The reference code passed the
 * list through a Python set, which lost the order and dropped an arbitrary item instead (§8).
 *
 * A list shorter than `size` (a tiny catalogue) gets the true item appended instead, so no
 * teacher item is lost. Duplicates are refused: a teacher's top-K never repeats an item, so a
 * repeat means the caller passed the wrong thing, and it would show the LLM the same candidate twice.
 */
export function withTrueItemLast<T>(teacherTop: readonly T[], trueItem: T, size: number): T[] {
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new RangeError(`size must be a positive integer, got ${size}`);
  }
  const top = teacherTop.slice(0, size);
  if (new Set(top).size !== top.length) {
    throw new RangeError('the teacher ranking repeats an item');
  }
  if (top.includes(trueItem)) return top;
  if (top.length === size) top[size - 1] = trueItem;
  else top.push(trueItem);
  return top;
}

/** Module 2's candidates: the teacher's top-50, the true next item in place of the 50th if missing. */
export function rankingCandidates<T>(teacherTop: readonly T[], trueItem: T, size = 50): T[] {
  return withTrueItemLast(teacherTop, trueItem, size);
}

/** Module 1's "recommendation results" for one case: the teacher's top-20, same swap. */
export function hintRecommendations<T>(teacherTop: readonly T[], trueItem: T, size = 20): T[] {
  return withTrueItemLast(teacherTop, trueItem, size);
}
