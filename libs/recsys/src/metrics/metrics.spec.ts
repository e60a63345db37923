import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { metricsFromRanks, ndcgAt, recallAt } from './metrics';
import { UNRANKABLE } from './ranking';

describe('metricsFromRanks', () => {
  it('matches a hand computation', () => {
    // ranks 0, 4, 7, 12 and one unrankable session
    const m = metricsFromRanks([0, 4, 7, 12, UNRANKABLE]);
    assert.equal(m.recall5, 2 / 5);
    assert.equal(m.recall10, 3 / 5);
    const g0 = 1; // 1/log2(2)
    const g4 = 1 / Math.log2(6);
    const g7 = 1 / Math.log2(9);
    assert.ok(Math.abs(m.ndcg5 - (g0 + g4) / 5) < 1e-15);
    assert.ok(Math.abs(m.ndcg10 - (g0 + g4 + g7) / 5) < 1e-15);
  });
  it('gives NDCG 1/log2(3) for a single hit at rank 1', () => {
    assert.equal(ndcgAt([1], 5), 1 / Math.log2(3));
    assert.equal(recallAt([5], 5), 0);
    assert.equal(recallAt([4], 5), 1);
  });
  it('is zero on no sessions', () => {
    assert.deepEqual(metricsFromRanks([]), { recall5: 0, ndcg5: 0, recall10: 0, ndcg10: 0 });
  });
});
