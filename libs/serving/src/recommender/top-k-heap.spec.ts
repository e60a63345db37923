import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededUniform } from '../testing/synthetic-checkpoint';
import { TopKHeap, type Recommendation } from './top-k-heap';

/** The reference: every pair sorted by score descending, then index ascending. */
function bySort(scores: readonly number[], k: number): Recommendation[] {
  return scores
    .map((score, index) => ({ index, score }))
    .filter((r) => !Number.isNaN(r.score))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, k);
}

function byHeap(heap: TopKHeap, scores: readonly number[], k: number, order: readonly number[]): Recommendation[] {
  heap.reset(k);
  for (const i of order) heap.offer(i, scores[i] as number);
  return heap.drain();
}

describe('TopKHeap', () => {
  it('keeps the k best, ties broken by the lower index, whatever order the pairs come in', () => {
    const random = seededUniform(7);
    const heap = new TopKHeap();
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 60);
      // Few distinct values: many ties.
      const scores = Array.from({ length: n }, () => Math.floor(random() * 5));
      const k = Math.floor(random() * 12);
      const forward = Array.from({ length: n }, (_, i) => i);
      const shuffled = [...forward].sort(() => random() - 0.5);
      assert.deepEqual(byHeap(heap, scores, k, forward), bySort(scores, k));
      assert.deepEqual(byHeap(heap, scores, k, shuffled), bySort(scores, k));
    }
  });

  it('returns every candidate, sorted, when k exceeds them', () => {
    const heap = new TopKHeap();
    assert.deepEqual(byHeap(heap, [0.5, 2, 2, -1], 10, [0, 1, 2, 3]), [
      { index: 1, score: 2 }, { index: 2, score: 2 }, { index: 0, score: 0.5 }, { index: 3, score: -1 },
    ]);
  });

  it('never keeps a NaN score, and k = 0 keeps nothing', () => {
    const heap = new TopKHeap();
    assert.deepEqual(byHeap(heap, [NaN, 1, NaN], 3, [0, 1, 2]), [{ index: 1, score: 1 }]);
    assert.deepEqual(byHeap(heap, [3, 2], 0, [0, 1]), []);
  });

  it('reports its threshold only once full', () => {
    const heap = new TopKHeap();
    heap.reset(2);
    heap.offer(0, 5);
    assert.equal(heap.threshold, -Infinity);
    heap.offer(1, 3);
    assert.equal(heap.threshold, 3);
    heap.offer(2, 4);
    assert.equal(heap.threshold, 4);
  });

  it('refuses a k that is not a whole number ≥ 0', () => {
    const heap = new TopKHeap();
    for (const k of [-1, 1.5, NaN]) assert.throws(() => heap.reset(k), /k must be a whole number/);
  });
});
