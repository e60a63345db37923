import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alkdrecDistribution } from '../policies/alkdrec-policy';
import { MaxMinDistribution } from '../policies/max-min';
import { radBcDistribution } from '../policies/rad-bc-policy';
import { rankHardestFirst } from '../pool/rank-pool';
import { selectSessions } from '../select-sessions';
import { chiSquareFit, chiSquareQuantile } from '../testing/chi-square';
import { syntheticPool } from '../testing/pools';
import type { SelectionStrategy } from '../types';
import { sampleIndex } from './max-min-draw';

const FIT_POOL = syntheticPool(500, 11);
const FIT_DRAWS = 20_000;

/** How often each rank (index rank − 1) came up as the FIRST pick over FIT_DRAWS seeds. */
function firstPickCounts(strategy: SelectionStrategy): Float64Array {
  const counts = new Float64Array(FIT_POOL.length);
  for (let seed = 1; seed <= FIT_DRAWS; seed++) {
    const [first] = selectSessions({ strategy, pool: FIT_POOL, budget: 1, seed }).selected;
    assert.ok(first);
    counts[first.rank - 1] = (counts[first.rank - 1] as number) + 1;
  }
  return counts;
}

type Report = (message: string) => void;

function assertFits(counts: Float64Array, distribution: MaxMinDistribution, report: Report): void {
  const fit = chiSquareFit(counts, distribution.probabilities);
  const critical = chiSquareQuantile(0.999, fit.degreesOfFreedom);
  report(`fit: χ² ${fit.statistic.toFixed(1)}, df ${fit.degreesOfFreedom}, 0.999 quantile ${critical.toFixed(1)}`);
  assert.equal(fit.impossibleObservations, 0, 'a draw landed on a rank with p* = 0');
  assert.ok(fit.degreesOfFreedom >= 30, `only ${fit.degreesOfFreedom} degrees of freedom`);
  assert.ok(fit.statistic < critical, `χ² ${fit.statistic.toFixed(1)} ≥ ${critical.toFixed(1)} (df ${fit.degreesOfFreedom})`);
}

function assertRejected(counts: Float64Array, wrong: MaxMinDistribution, report: Report): void {
  const fit = chiSquareFit(counts, wrong.probabilities);
  const critical = chiSquareQuantile(0.999, fit.degreesOfFreedom);
  report(`wrong p*: χ² ${fit.statistic.toFixed(1)}, df ${fit.degreesOfFreedom}, impossible draws ${fit.impossibleObservations}`);
  assert.ok(fit.impossibleObservations > 0 || fit.statistic > critical, `χ² ${fit.statistic} did not reject`);
}

describe('drawByMaxMin', () => {
  it('ALKDRec: 20,000 first picks from N = 500 fit p* (χ² at 0.999), and the test rejects μ = 9', (t) => {
    const counts = firstPickCounts('alkdrec');
    const report = (message: string) => t.diagnostic(message);
    assertFits(counts, alkdrecDistribution(500), report);
    assertRejected(counts, alkdrecDistribution(500, { mu: 9 }), report);
  });

  it('RAD-BC: 20,000 first picks from N = 500 fit its p*, and the test rejects μ = 9', (t) => {
    const counts = firstPickCounts('rad-bc');
    const report = (message: string) => t.diagnostic(message);
    assertFits(counts, radBcDistribution(500), report);
    assertRejected(counts, radBcDistribution(500, { mu: 9 }), report);
  });

  it('recomputes k* and p* on the shrinking pool at every draw', () => {
    const pool = syntheticPool(300, 3);
    const remaining = rankHardestFirst(pool);
    const { selected } = selectSessions({ strategy: 'alkdrec', pool, budget: 120, seed: 5 });
    for (const pick of selected) {
      const distribution = alkdrecDistribution(remaining.length);
      assert.ok(pick.rank <= distribution.supportEnd, `order ${pick.order}: rank ${pick.rank} ≥ k* ${distribution.kStar}`);
      // The loop scales r^μ by the first pool's size, this by the current one: equal up to rounding.
      const expected = distribution.probabilities[pick.rank - 1] as number;
      assert.ok(Math.abs(pick.probability - expected) <= 1e-12 * expected, `${pick.probability} vs ${expected}`);
      const [taken] = remaining.splice(pick.rank - 1, 1);
      assert.equal(taken?.row, pick.row);
      assert.equal(taken?.difficulty, pick.difficulty);
    }
  });

  it('draws N = 12,054 sessions down to budget 750 in well under 5 s', (t) => {
    const pool = syntheticPool(12_054, 2);
    const started = performance.now();
    const { selected } = selectSessions({ strategy: 'alkdrec', pool, budget: 750, seed: 1 });
    const elapsed = performance.now() - started;
    t.diagnostic(`alkdrec N = 12,054, budget 750: ${elapsed.toFixed(0)} ms`);
    assert.equal(new Set(selected.map((s) => s.row)).size, 750);
    assert.ok(elapsed < 5000, `${elapsed} ms`);
  });

  it('can exhaust a small pool (the last draw uses the rank-1 fallback)', () => {
    const pool = syntheticPool(25, 4);
    const { selected } = selectSessions({ strategy: 'alkdrec', pool, budget: 25, seed: 9 });
    assert.deepEqual(selected.map((s) => s.row).sort((a, b) => a - b), pool.map((s) => s.row));
    assert.deepEqual(selected.at(-1), { ...selected.at(-1), rank: 1, probability: 1 });
  });
});

describe('sampleIndex', () => {
  const probabilities = Float64Array.from([0.25, 0.5, 0.25, 0]);
  it('inverts the cumulative distribution over the support', () => {
    assert.equal(sampleIndex(probabilities, 3, 0), 0);
    assert.equal(sampleIndex(probabilities, 3, 0.2499), 0);
    assert.equal(sampleIndex(probabilities, 3, 0.25), 1);
    assert.equal(sampleIndex(probabilities, 3, 0.7499), 1);
    assert.equal(sampleIndex(probabilities, 3, 0.75), 2);
  });
  it('assigns a u beyond a rounded-down total to the last supported rank, never past it', () => {
    assert.equal(sampleIndex(Float64Array.from([0.3, 0.3, 0.3999999, 0]), 3, 0.99999999), 2);
  });
});
