import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rankOfTarget, topK, UNRANKABLE } from './ranking';

describe('rankOfTarget', () => {
  const scores = [0.1, 0.9, 0.5, 0.7, 0.3];
  it('counts the items scored above the target', () => {
    assert.equal(rankOfTarget(scores, 5, 1, new Set()), 0);
    assert.equal(rankOfTarget(scores, 5, 3, new Set()), 1);
    assert.equal(rankOfTarget(scores, 5, 0, new Set()), 4);
  });
  it('skips the session items', () => {
    // 0.9 (item 1) and 0.7 (item 3) are in the session: item 2 becomes the best remaining.
    assert.equal(rankOfTarget(scores, 5, 2, new Set([1, 3])), 0);
    assert.equal(rankOfTarget(scores, 5, 4, new Set([1])), 2);
  });
  it('never ranks a target that is itself a session item', () => {
    assert.equal(rankOfTarget(scores, 5, 1, new Set([1])), UNRANKABLE);
  });
  it('counts a NaN-scored target as a miss, not a hit', () => {
    assert.equal(rankOfTarget([NaN, NaN, NaN], 3, 1, new Set()), UNRANKABLE);
  });
  it('breaks ties by item index, like topK', () => {
    const tied = [0.5, 0.5, 0.5];
    assert.equal(rankOfTarget(tied, 3, 0, new Set()), 0);
    assert.equal(rankOfTarget(tied, 3, 2, new Set()), 2);
    assert.deepEqual(topK(tied, 3, 3, new Set()), [0, 1, 2]);
  });
  it('ignores scores past itemCount (the padding row)', () => {
    assert.equal(rankOfTarget([0.1, 0.2, 99], 2, 1, new Set()), 0);
  });
});

describe('topK', () => {
  it('returns the best k in order, skipping excluded items', () => {
    const scores = [0.1, 0.9, 0.5, 0.7, 0.3, 0.8];
    assert.deepEqual(topK(scores, 6, 3, new Set()), [1, 5, 3]);
    assert.deepEqual(topK(scores, 6, 3, new Set([5])), [1, 3, 2]);
    assert.deepEqual(topK(scores, 6, 10, new Set([0])), [1, 5, 3, 2, 4]);
  });
  it('agrees with rankOfTarget on random scores', () => {
    const n = 200;
    const scores = Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 0.5);
    const excluded = new Set([3, 17, 42]);
    const top = topK(scores, n, 50, excluded);
    top.forEach((item, position) => assert.equal(rankOfTarget(scores, n, item, excluded), position));
  });
});
