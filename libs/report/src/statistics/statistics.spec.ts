import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { twoSidedBinomialP } from './binomial';
import { erfc, twoSidedNormalP } from './normal';
import { stratifiedMcNemar } from './paired-hits';
import { hitAt, metricsOfRanks, ndcgAt } from './rank-metrics';
import { signFlipTest } from './sign-flip';
import { spreadOf } from './spread';

const close = (actual: number, expected: number, tolerance: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} is not within ${tolerance} of ${expected}`);

describe('spreadOf', () => {
  it('gives the mean and the sample (n − 1) standard deviation', () => {
    const s = spreadOf([1, 2, 3, 4]);
    assert.equal(s.n, 4);
    assert.equal(s.mean, 2.5);
    close(s.sd ?? NaN, Math.sqrt(5 / 3), 1e-12, 'sd');
  });
  it('has no sd for one value and refuses none', () => {
    assert.deepEqual(spreadOf([0.02]), { n: 1, mean: 0.02, sd: null });
    assert.throws(() => spreadOf([]), /at least one/);
  });
});

describe('metricsOfRanks', () => {
  it('counts rank < K as a hit and scores NDCG as 1/log2(rank + 2)', () => {
    assert.equal(hitAt(4, 5), true);
    assert.equal(hitAt(5, 5), false);
    assert.equal(ndcgAt(0, 10), 1);
    close(ndcgAt(2, 10), 0.5, 1e-15); // 1/log2(4)
    // ranks 0, 2, 7, 30: R@5 = 2/4, R@10 = 3/4, N@5 = (1 + .5)/4, N@10 = (1 + .5 + 1/log2 9)/4.
    const m = metricsOfRanks([0, 2, 7, 30]);
    assert.equal(m.recall5, 0.5);
    assert.equal(m.recall10, 0.75);
    close(m.ndcg5, 1.5 / 4, 1e-15);
    close(m.ndcg10, (1.5 + 1 / Math.log2(9)) / 4, 1e-15);
  });
});

describe('normal and binomial p-values', () => {
  it('matches tabulated values', () => {
    close(erfc(0), 1, 1e-7, "erfc(0)");
    close(twoSidedNormalP(1.959963985), 0.05, 1e-6, 'z = 1.96');
    close(twoSidedNormalP(-3), 0.0026997960632601913, 1e-9, 'z = −3');
    close(twoSidedNormalP(0), 1, 1e-9, 'z = 0');
  });
  it('gives twice the smaller binomial(n, ½) tail, capped at 1', () => {
    assert.equal(twoSidedBinomialP(0, 5), 2 / 32);
    close(twoSidedBinomialP(1, 6), 14 / 64, 1e-15);
    close(twoSidedBinomialP(8, 10), (2 * 56) / 1024, 1e-15); // P(X ≤ 2) = (1 + 10 + 45)/1024
    assert.equal(twoSidedBinomialP(5, 10), 1);
    assert.equal(twoSidedBinomialP(0, 0), 1);
    assert.throws(() => twoSidedBinomialP(3, 2), /0 ≤ k ≤ n/);
  });
  it('stays finite for large n', () => {
    const p = twoSidedBinomialP(5_000, 10_000);
    assert.equal(p, 1);
    const tail = twoSidedBinomialP(4_700, 10_000); // z ≈ −6: about 2e-9
    assert.ok(tail > 0 && tail < 1e-8, String(tail));
  });
});

describe('stratifiedMcNemar', () => {
  it('sums the discordant pairs over seeds and uses the exact binomial when they are few', () => {
    const T = true;
    const F = false;
    // seed 1: b = 2 (sessions 0, 1), c = 1 (session 3); seed 2: b = 3, c = 0.
    const result = stratifiedMcNemar([
      { a: [T, T, F, F, T], b: [F, F, F, T, T] },
      { a: [T, T, T], b: [F, F, F] },
    ]);
    assert.equal(result.aOnly, 5);
    assert.equal(result.bOnly, 1);
    close(result.z, 4 / Math.sqrt(6), 1e-12, 'z');
    assert.equal(result.exact, true);
    close(result.p, 14 / 64, 1e-15, 'p'); // 2·P(X ≤ 1 | n = 6)
  });
  it('uses the normal approximation with many discordant pairs', () => {
    const seed = (aOnly: number, bOnly: number, both: number) => ({
      a: [...Array(aOnly).fill(true), ...Array(bOnly).fill(false), ...Array(both).fill(true)],
      b: [...Array(aOnly).fill(false), ...Array(bOnly).fill(true), ...Array(both).fill(true)],
    });
    const result = stratifiedMcNemar([seed(40, 25, 3), seed(30, 15, 0)]);
    assert.equal(result.exact, false);
    close(result.z, 30 / Math.sqrt(110), 1e-12, 'z');
    close(result.p, 0.004231232899758147, 1e-7, 'p');
  });
  it('says p = 1 without discordant pairs and refuses unequal sessions', () => {
    assert.equal(stratifiedMcNemar([{ a: [true, false], b: [true, false] }]).p, 1);
    assert.throws(() => stratifiedMcNemar([{ a: [true], b: [true, false] }]), /not scored on the same test sessions/);
  });
});

describe('signFlipTest', () => {
  it('approximates the exact sign-flip distribution', () => {
    // Three differences of +1 (zeros ignored): |T*| ≥ 3 in 2 of the 8 sign vectors.
    const small = signFlipTest([[1, 0, 1], [0, 1]], { draws: 20_000, seed: 7 });
    close(small.p, 0.25, 0.015, 'p');
    close(small.meanDifference, 3 / 5, 1e-15, 'mean');
    // Ten differences of +1: exact p = 2/1024.
    close(signFlipTest([Array(10).fill(1)], { draws: 20_000, seed: 3 }).p, 2 / 1024, 0.001, 'p of ten');
  });
  it('gives p = 1 when the differences cancel, and repeats with the same seed', () => {
    assert.equal(signFlipTest([[0.5, -0.5], [0, 0]], { draws: 1_000 }).p, 1);
    assert.equal(signFlipTest([[0, 0, 0]], { draws: 500 }).p, 1);
    const diffs = [[0.3, -0.1, 0.2, 0.5, -0.2, 0.1, 0.4]];
    assert.equal(signFlipTest(diffs, { seed: 5 }).p, signFlipTest(diffs, { seed: 5 }).p);
  });
  it('never reports p = 0', () => {
    const p = signFlipTest([Array(200).fill(1)], { draws: 1_000 }).p;
    assert.equal(p, 1 / 1_001);
  });
});
