import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRng } from '@alkdrec/recsys';
import { BudgetExhaustedError, BudgetTracker } from './budget-tracker';

function exhaustion(fn: () => unknown): BudgetExhaustedError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof BudgetExhaustedError, `expected BudgetExhaustedError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a BudgetExhaustedError');
}

describe('BudgetTracker', () => {
  it('counts in-flight estimates against the USD limit and replaces them with the actual cost', () => {
    const budget = new BudgetTracker({ maxUsd: 1 });
    const a = budget.reserve(0.4);
    const b = budget.reserve(0.4);
    assert.equal(budget.canDispatch(0.3), false);
    assert.equal(budget.canDispatch(0.2), true);
    budget.settle(a, 0.1);
    assert.equal(budget.canDispatch(0.5), true);
    budget.release(b);
    assert.deepEqual(budget.totals(), { spentUsd: 0.1, settledCalls: 1, reservedUsd: 0, inFlightCalls: 0 });
  });

  it('allows spending exactly up to the limit despite float rounding', () => {
    const budget = new BudgetTracker({ maxUsd: 1 });
    for (let i = 0; i < 10; i++) budget.settle(budget.reserve(0.1), 0.1);
    assert.equal(budget.canDispatch(0), true);
    assert.equal(budget.canDispatch(0.000001), false);
  });

  it('names the USD limit and the totals when it refuses', () => {
    const budget = new BudgetTracker({ maxUsd: 8.6 });
    budget.settle(budget.reserve(5), 5.25);
    budget.reserve(3);
    const error = exhaustion(() => budget.reserve(0.5));
    assert.equal(error.limit, 'usd');
    assert.equal(error.requestedUsd, 0.5);
    assert.deepEqual(error.totals, { spentUsd: 5.25, settledCalls: 1, reservedUsd: 3, inFlightCalls: 1 });
    assert.equal(
      error.message,
      'budget exhausted: USD limit of 8.6000 USD reached (spent 5.2500 USD in 1 settled call, 1 call in flight reserving 3.0000 USD; the next call needs up to 0.5000 USD); no further call is dispatched',
    );
  });

  it('counts settled and in-flight calls against the call limit; released calls do not count', () => {
    const budget = new BudgetTracker({ maxCalls: 2 });
    const a = budget.reserve(0);
    const b = budget.reserve(0);
    const error = exhaustion(() => budget.reserve(0));
    assert.equal(error.limit, 'calls');
    assert.match(error.message, /^budget exhausted: call limit of 2 reached \(spent 0\.0000 USD in 0 settled calls, 2 calls in flight/);
    budget.release(a);
    const c = budget.reserve(0);
    budget.settle(b, 0.01);
    budget.settle(c, 0.01);
    assert.equal(budget.canDispatch(0), false);
    assert.equal(budget.totals().settledCalls, 2);
  });

  it('has no limit where none is set', () => {
    const budget = new BudgetTracker();
    for (let i = 0; i < 1000; i++) budget.settle(budget.reserve(100), 100);
    assert.equal(budget.canDispatch(1e9), true);
  });

  it('refuses to settle a reservation twice, and bad amounts', () => {
    const budget = new BudgetTracker({ maxUsd: 1 });
    const r = budget.reserve(0.1);
    budget.settle(r, 0.1);
    assert.throws(() => budget.settle(r, 0.1), /already settled or released/);
    assert.throws(() => budget.release(r), /already settled or released/);
    assert.throws(() => budget.reserve(-1), RangeError);
    assert.throws(() => budget.reserve(Number.NaN), RangeError);
    assert.throws(() => budget.settle(budget.reserve(0.1), Number.POSITIVE_INFINITY), RangeError);
    assert.throws(() => new BudgetTracker({ maxUsd: -1 }), RangeError);
    assert.throws(() => new BudgetTracker({ maxCalls: 1.5 }), RangeError);
  });

  it('records an actual cost above its estimate truthfully and then stops', () => {
    const budget = new BudgetTracker({ maxUsd: 1 });
    budget.settle(budget.reserve(0.5), 1.2);
    assert.equal(budget.totals().spentUsd, 1.2);
    assert.equal(exhaustion(() => budget.reserve(0)).limit, 'usd');
  });

  it('never overshoots with many concurrent calls, and refuses only a call that could overshoot', async () => {
    const rng = createRng(5);
    const budget = new BudgetTracker({ maxUsd: 1, maxCalls: 1000 });
    const estimate = 0.02;
    let peakCommitted = 0;
    let dispatched = 0;
    let refused = 0;
    // 40 workers pull from a queue of 500 calls, like a BullMQ worker with concurrency 40.
    let queue = 500;
    const worker = async (): Promise<void> => {
      while (queue > 0) {
        queue--;
        let reservation;
        try {
          reservation = budget.reserve(estimate);
        } catch (error) {
          assert.ok(error instanceof BudgetExhaustedError);
          const { spentUsd, reservedUsd } = error.totals;
          assert.ok(spentUsd + reservedUsd + estimate > 1, `refused with ${spentUsd + reservedUsd} committed`);
          refused++;
          continue;
        }
        dispatched++;
        const totals = budget.totals();
        peakCommitted = Math.max(peakCommitted, totals.spentUsd + totals.reservedUsd);
        await sleep(rng.int(5));
        if (rng.next() < 0.1) budget.release(reservation); // e.g. a 429 before billing
        else budget.settle(reservation, estimate * (0.5 + rng.next() / 2));
      }
    };
    await Promise.all(Array.from({ length: 40 }, worker));
    const totals = budget.totals();
    assert.equal(totals.inFlightCalls, 0);
    assert.ok(peakCommitted <= 1 + 1e-9, `committed ${peakCommitted}`);
    assert.ok(totals.spentUsd <= 1, `spent ${totals.spentUsd}`);
    assert.ok(refused > 0 && dispatched + refused === 500);
    assert.ok(dispatched >= 50, `only ${dispatched} dispatched`);
  });
});
