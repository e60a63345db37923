import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chiSquareFit, chiSquareQuantile, normalQuantile } from './chi-square';

describe('normalQuantile', () => {
  it('matches tabulated standard normal quantiles', () => {
    assert.ok(Math.abs(normalQuantile(0.5)) < 1e-12);
    assert.ok(Math.abs(normalQuantile(0.975) - 1.959963985) < 1e-7);
    assert.ok(Math.abs(normalQuantile(0.999) - 3.090232306) < 1e-7);
    assert.ok(Math.abs(normalQuantile(0.001) + 3.090232306) < 1e-7);
  });
});

describe('chiSquareQuantile', () => {
  it('is within 1% of the exact 0.999 quantiles from df 10 and within 0.1% from df 50', () => {
    // Exact values from chi-square tables; the approximation errs high (a slightly lenient test).
    for (const [df, exact, tolerance] of [[10, 29.588, 0.01], [50, 86.661, 0.001], [100, 149.449, 0.001], [200, 267.541, 0.001]] as const) {
      const approx = chiSquareQuantile(0.999, df);
      assert.ok(approx >= exact && (approx - exact) / exact < tolerance, `df ${df}: ${approx} vs ${exact}`);
    }
  });
});

describe('chiSquareFit', () => {
  it('merges cells until each bin expects at least 5 and counts impossible observations', () => {
    // 100 draws; cells expect 1, 4, 45, 50 and 0 → bins {1 + 4}, {45}, {50}.
    const fit = chiSquareFit([2, 3, 45, 48, 2], [0.01, 0.04, 0.45, 0.5, 0]);
    assert.equal(fit.degreesOfFreedom, 2);
    assert.ok(Math.abs(fit.statistic - (48 - 50) ** 2 / 50) < 1e-12);
    assert.equal(fit.impossibleObservations, 2);
  });

  it('folds a tail expecting fewer than 5 into the last bin', () => {
    const fit = chiSquareFit([10, 8, 2], [0.5, 0.4, 0.1]);
    // Expected 10, 8, 2: the 2 joins the 8 → bins {10}, {10}.
    assert.equal(fit.degreesOfFreedom, 1);
    assert.equal(fit.statistic, 0);
  });
});
