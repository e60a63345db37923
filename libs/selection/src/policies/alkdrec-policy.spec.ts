import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alkdrecDistribution } from './alkdrec-policy';

/**
 * REFERENCE §5 quotes the reference code's "0-based argmax" of Γ: 6,929 (N = 7,393), 11,299
 * (N = 12,054), 468 (N = 500). Ours is the 1-based rank k*, one more; the support (r < k*) then ends
 * at rank k* − 1, i.e. ranks 1..figure — exactly numpy's p[:argmax].
 */
const REFERENCE_ZERO_BASED_ARGMAX = [
  [500, 468],
  [7393, 6929],
  [12054, 11299],
] as const;

/** §5 written out literally with true (unscaled) gains, to check the scaled, fast solver against. */
function literalAlkdrec(n: number): { kStar: number; p: number[] } {
  const k1 = 0.1;
  const k2 = 0.5;
  const inverseA: number[] = [];
  let h = 0;
  let g = 0;
  let kStar = 1;
  let best = -Infinity;
  for (let r = 1; r <= n; r++) {
    const gEf = r ** -10;
    const gSi = gEf / 2;
    const gIn = gEf / 2;
    const lower = r <= n * (1 - k1);
    const a = lower ? gSi + gIn : gEf + gIn;
    const b = lower ? gSi / a : gEf / a;
    inverseA.push(1 / a);
    h += 1 / a;
    g += b;
    const gamma = (g + n * (k1 + k2 - 1)) / h;
    if (gamma > best) [best, kStar] = [gamma, r];
  }
  const support = inverseA.slice(0, kStar - 1);
  const total = support.reduce((s, x) => s + x, 0);
  return { kStar, p: inverseA.map((x, i) => (i < kStar - 1 ? x / total : 0)) };
}

function massAbove(probabilities: Float64Array, rank: number): number {
  let mass = 0;
  for (let r = Math.floor(rank) + 1; r <= probabilities.length; r++) mass += probabilities[r - 1] as number;
  return mass;
}

describe('alkdrecDistribution', () => {
  for (const [n, zeroBasedArgmax] of REFERENCE_ZERO_BASED_ARGMAX) {
    it(`N = ${n}: k* = ${zeroBasedArgmax + 1} (1-based), the reference's 0-based argmax ${zeroBasedArgmax}`, () => {
      const { kStar, supportEnd } = alkdrecDistribution(n);
      assert.equal(kStar - 1, zeroBasedArgmax);
      assert.equal(supportEnd, zeroBasedArgmax);
    });

    it(`N = ${n}: p* sums to 1, is positive below k* and zero from k* on`, () => {
      const { kStar, probabilities } = alkdrecDistribution(n);
      assert.equal(probabilities.length, n);
      const sum = probabilities.reduce((s, p) => s + p, 0);
      assert.ok(Math.abs(sum - 1) < 1e-12, `sum ${sum}`);
      for (let r = 1; r < kStar; r++) assert.ok((probabilities[r - 1] as number) > 0, `rank ${r}`);
      for (let r = kStar; r <= n; r++) assert.equal(probabilities[r - 1], 0, `rank ${r}`);
    });

    it(`N = ${n}: about half of p*'s mass lies above rank 0.87·N and 95% above 0.70·N`, () => {
      const { probabilities } = alkdrecDistribution(n);
      const above87 = massAbove(probabilities, 0.87 * n);
      assert.ok(Math.abs(above87 - 0.5) < 0.01, `mass above 0.87·N: ${above87}`);
      assert.ok(massAbove(probabilities, 0.7 * n) > 0.95);
    });
  }

  it('agrees with a literal transcription of §5 in unscaled gains (N = 500)', () => {
    const literal = literalAlkdrec(500);
    const fast = alkdrecDistribution(500);
    assert.equal(fast.kStar, literal.kStar);
    literal.p.forEach((p, i) => assert.ok(Math.abs((fast.probabilities[i] as number) - p) < 1e-14, `rank ${i + 1}`));
  });

  it("includes rank k* when asked (the paper's Definition 1)", () => {
    const exclusive = alkdrecDistribution(7393);
    const inclusive = alkdrecDistribution(7393, { includeKStar: true });
    assert.equal(inclusive.kStar, exclusive.kStar);
    assert.equal(inclusive.supportEnd, inclusive.kStar);
    assert.ok((inclusive.probabilities[inclusive.kStar - 1] as number) > 0);
    assert.equal(inclusive.probabilities[inclusive.kStar], 0);
  });

  it('stays finite far beyond float32 range (N = 200,000, where r^10 reaches 1e53)', () => {
    const { kStar, probabilities } = alkdrecDistribution(200_000);
    assert.ok(kStar > 0.93 * 200_000 && kStar < 0.94 * 200_000, `k* ${kStar}`);
    assert.ok(probabilities.every(Number.isFinite));
    assert.ok(Math.abs(probabilities.reduce((s, p) => s + p, 0) - 1) < 1e-12);
  });

  it('falls back to rank 1 for a one-session pool, where r < k* = 1 would be empty', () => {
    const { kStar, supportEnd, probabilities } = alkdrecDistribution(1);
    assert.deepEqual([kStar, supportEnd, [...probabilities]], [1, 1, [1]]);
  });

  it('refuses options that would silently skew p*', () => {
    assert.throws(() => alkdrecDistribution(100, { mu: 0 }), /mu must be a positive number/);
    assert.throws(() => alkdrecDistribution(100, { effectiveShare: 1.2 }), /effectiveShare must be a share/);
    assert.throws(() => alkdrecDistribution(100, { effectiveShare: 0.6, similarShare: 0.6 }), /effectiveShare \+ similarShare/);
  });
});
