import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alkdrecDistribution } from '@alkdrec/selection';
import { MAX_CURVE_POINTS, pStarCurve } from './p-star-curve';

describe('p* over difficulty rank for the dashboard', () => {
  it("is the selection library's distribution for ALKDRec, with its k*, every rank while the pool is small", () => {
    const curve = pStarCurve('alkdrec', 500);
    const distribution = alkdrecDistribution(500);
    assert.ok(curve);
    assert.equal(curve.kStar, distribution.kStar);
    assert.equal(curve.points.length, 500);
    assert.deepEqual(curve.points[41], [42, distribution.probabilities[41]]);
  });

  it('keeps at most about 1,000 points for a large pool, each the peak of its ranks', () => {
    const curve = pStarCurve('alkdrec', 4992);
    const distribution = alkdrecDistribution(4992);
    assert.ok(curve && curve.points.length <= MAX_CURVE_POINTS);
    const peak = Math.max(...distribution.probabilities);
    assert.equal(Math.max(...curve.points.map((p) => p[1])), peak);
  });

  it('is uniform for random and absent where no probability is drawn', () => {
    assert.deepEqual(pStarCurve('random', 4)?.points, [[1, 0.25], [2, 0.25], [3, 0.25], [4, 0.25]]);
    assert.equal(pStarCurve('hardest', 100), null);
    assert.equal(pStarCurve('easiest', 100), null);
    assert.equal(pStarCurve('tr', 100), null);
    assert.equal(pStarCurve('alkdrec', null), null);
  });
});
