import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alkdrecDistribution } from './alkdrec-policy';
import { radBcDistribution } from './rad-bc-policy';

/** §5's RAD-BC written out literally with true gains: g = r^−10, l = g/2, k = 0.6. */
function literalRadBc(n: number): { kStar: number; p: number[] } {
  let h = 0;
  let gSum = 0;
  let kStar = 1;
  let best = -Infinity;
  const inverse: number[] = [];
  for (let r = 1; r <= n; r++) {
    const g = r ** -10;
    const l = g / 2;
    gSum += g / (g + l);
    h += 1 / (g + l);
    inverse.push(1 / (g + l));
    const gamma = (gSum + n * (0.6 - 1)) / h;
    if (gamma > best) [best, kStar] = [gamma, r];
  }
  const total = inverse.slice(0, kStar - 1).reduce((s, x) => s + x, 0);
  return { kStar, p: inverse.map((x, i) => (i < kStar - 1 ? x / total : 0)) };
}

describe('radBcDistribution', () => {
  // No reference figure exists for RAD-BC; these are measured here and pinned against regressions.
  for (const [n, kStar] of [[500, 330], [7393, 4879], [12054, 7956]] as const) {
    it(`N = ${n}: k* = ${kStar}, past the point 0.6·N where Γ's numerator turns positive`, () => {
      const distribution = radBcDistribution(n);
      assert.equal(distribution.kStar, kStar);
      assert.ok(distribution.kStar > 0.6 * n && distribution.kStar < 0.7 * n);
    });

    it(`N = ${n}: p* sums to 1 and is zero from k* on`, () => {
      const { kStar, probabilities } = radBcDistribution(n);
      assert.ok(Math.abs(probabilities.reduce((s, p) => s + p, 0) - 1) < 1e-12);
      assert.ok((probabilities[kStar - 2] as number) > 0);
      for (let r = kStar; r <= n; r++) assert.equal(probabilities[r - 1], 0);
    });
  }

  it('agrees with a literal transcription of §5 in unscaled gains (N = 500)', () => {
    const literal = literalRadBc(500);
    const fast = radBcDistribution(500);
    assert.equal(fast.kStar, literal.kStar);
    literal.p.forEach((p, i) => assert.ok(Math.abs((fast.probabilities[i] as number) - p) < 1e-14, `rank ${i + 1}`));
  });

  it("picks easier sessions than ALKDRec: p*'s median rank ≈ 0.62·N against ALKDRec's ≈ 0.87·N", () => {
    const medianRank = (p: Float64Array): number => {
      let cumulative = 0;
      for (let r = 1; r <= p.length; r++) if ((cumulative += p[r - 1] as number) >= 0.5) return r;
      return p.length;
    };
    const n = 7393;
    assert.ok(Math.abs(medianRank(radBcDistribution(n).probabilities) / n - 0.62) < 0.005);
    assert.ok(Math.abs(medianRank(alkdrecDistribution(n).probabilities) / n - 0.87) < 0.005);
  });

  it('refuses a correct share outside [0, 1]', () => {
    assert.throws(() => radBcDistribution(100, { correctShare: Number.NaN }), /correctShare must be a share/);
  });
});
