/** A run's budget; an omitted limit is unlimited. */
export interface BudgetLimits {
  /** Most USD the run may spend, counting calls in flight at their reserved estimate. */
  maxUsd?: number;
  /** Most billed calls (first attempts and retries alike) the run may make. */
  maxCalls?: number;
}

export type BudgetLimitName = 'usd' | 'calls';

/** Where a run's money stands. Settled calls count at their actual cost, calls in flight at their estimate. */
export interface BudgetTotals {
  spentUsd: number;
  settledCalls: number;
  reservedUsd: number;
  inFlightCalls: number;
}

/** A call's claim on the budget, taken before it is sent; settle or release it exactly once. */
export interface Reservation {
  readonly id: number;
  readonly estimateUsd: number;
}

/** Dispatching one more call could pass a limit: the run stops here, on purpose. */
export class BudgetExhaustedError extends Error {
  override readonly name = 'BudgetExhaustedError';

  constructor(
    readonly limit: BudgetLimitName,
    readonly limits: Readonly<BudgetLimits>,
    readonly totals: Readonly<BudgetTotals>,
    readonly requestedUsd: number,
  ) {
    super(describeExhaustion(limit, limits, totals, requestedUsd));
  }
}

/**
 * Slack for float rounding when comparing USD sums with a limit: a billionth of a dollar. Without
 * it, ten reservations of 0.1 against a 1.0 limit could be refused because 0.1 × 10 ≠ 1 in floats.
 */
const USD_EPSILON = 1e-9;

/**
 * A per-run budget in USD and in calls, safe under concurrent dispatch. Before sending a call,
 * `reserve(estimate)` claims the call's maximum cost (`estimateCallCost`) and one call; the claim
 * is refused with `BudgetExhaustedError` if settled spending plus every open claim plus this one
 * would pass a limit. `reserve` is synchronous, so with any number of calls in flight the open
 * claims together never exceed what is left, and if every estimate bounds its call's real cost,
 * the run never spends more than `maxUsd`. After the call, `settle(reservation, actualCost)`
 * swaps the estimate for the billed cost; `release(reservation)` drops a claim for a call that was
 * never billed (refused before the provider accepted it, e.g. 429 or a connection error), which
 * then counts neither money nor a call.
 *
 * If a call costs more than its estimate (a bad estimate), spending is recorded as billed, may
 * exceed `maxUsd`, and no further call is allowed: the totals say by how much.
 */
export class BudgetTracker {
  private readonly open = new Map<number, number>();
  private nextId = 1;
  private spentUsd = 0;
  private settledCalls = 0;

  constructor(readonly limits: Readonly<BudgetLimits> = {}) {
    if (limits.maxUsd !== undefined && !(Number.isFinite(limits.maxUsd) && limits.maxUsd >= 0)) {
      throw new RangeError(`maxUsd must be a finite non-negative number, got ${limits.maxUsd}`);
    }
    if (limits.maxCalls !== undefined && !(Number.isSafeInteger(limits.maxCalls) && limits.maxCalls >= 0)) {
      throw new RangeError(`maxCalls must be a non-negative integer, got ${limits.maxCalls}`);
    }
  }

  /** Whether a call estimated at `estimateUsd` may be dispatched now. */
  canDispatch(estimateUsd: number): boolean {
    return this.refusal(estimateUsd) === undefined;
  }

  /** Claims `estimateUsd` and one call, or throws `BudgetExhaustedError` naming the limit. */
  reserve(estimateUsd: number): Reservation {
    const refused = this.refusal(estimateUsd);
    if (refused !== undefined) throw new BudgetExhaustedError(refused, this.limits, this.totals(), estimateUsd);
    const id = this.nextId++;
    this.open.set(id, estimateUsd);
    return { id, estimateUsd };
  }

  /** The call was billed `actualUsd`: count it and free its estimate. */
  settle(reservation: Reservation, actualUsd: number): void {
    checkUsd('actual cost', actualUsd);
    this.close(reservation);
    this.spentUsd += actualUsd;
    this.settledCalls++;
  }

  /** The call was never billed: free its estimate and its call slot. */
  release(reservation: Reservation): void {
    this.close(reservation);
  }

  totals(): BudgetTotals {
    let reservedUsd = 0;
    // Summed afresh rather than kept as a running total, so add/subtract rounding cannot drift.
    for (const estimate of this.open.values()) reservedUsd += estimate;
    return { spentUsd: this.spentUsd, settledCalls: this.settledCalls, reservedUsd, inFlightCalls: this.open.size };
  }

  private refusal(estimateUsd: number): BudgetLimitName | undefined {
    checkUsd('estimate', estimateUsd);
    const { maxUsd, maxCalls } = this.limits;
    const totals = this.totals();
    if (maxCalls !== undefined && totals.settledCalls + totals.inFlightCalls + 1 > maxCalls) return 'calls';
    if (maxUsd !== undefined && totals.spentUsd + totals.reservedUsd + estimateUsd > maxUsd + USD_EPSILON) return 'usd';
    return undefined;
  }

  private close(reservation: Reservation): void {
    if (!this.open.delete(reservation.id)) {
      throw new Error(`budget reservation ${reservation.id} was already settled or released (or is not from this tracker)`);
    }
  }
}

function checkUsd(what: string, usd: number): void {
  if (!Number.isFinite(usd) || usd < 0) throw new RangeError(`${what} must be a finite non-negative USD amount, got ${usd}`);
}

function describeExhaustion(limit: BudgetLimitName, limits: BudgetLimits, totals: BudgetTotals, requestedUsd: number): string {
  const spent = `spent ${usd(totals.spentUsd)} in ${totals.settledCalls} settled call${totals.settledCalls === 1 ? '' : 's'}`;
  const inFlight = `${totals.inFlightCalls} call${totals.inFlightCalls === 1 ? '' : 's'} in flight reserving ${usd(totals.reservedUsd)}`;
  if (limit === 'calls') {
    return `budget exhausted: call limit of ${limits.maxCalls} reached (${spent}, ${inFlight}); no further call is dispatched`;
  }
  return (
    `budget exhausted: USD limit of ${usd(limits.maxUsd ?? 0)} reached (${spent}, ${inFlight}; ` +
    `the next call needs up to ${usd(requestedUsd)}); no further call is dispatched`
  );
}

function usd(amount: number): string {
  return `${amount.toFixed(4)} USD`;
}
