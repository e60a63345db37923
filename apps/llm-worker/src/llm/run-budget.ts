/** A call's claim on its run's budget; settle or release it exactly once. */
export interface BudgetHold {
  runId: string;
  id: string;
  estimateUsd: number;
}

export type BudgetDecision = { kind: 'reserved'; hold: BudgetHold } | { kind: 'exhausted'; message: string };

/**
 * A run's budget in USD and in calls, shared by every job of the run: reserve the call's maximum
 * cost before sending it, settle with the billed cost after, release when nothing was billed.
 */
export interface RunBudget {
  reserve(runId: string, estimateUsd: number): Promise<BudgetDecision>;
  /** The call `callKey` was billed `actualUsd`. */
  settle(hold: BudgetHold, actualUsd: number, callKey: string): Promise<void>;
  release(hold: BudgetHold): Promise<void>;
  /** The run used the stored answer of `callKey` without paying (for the run's accounts). */
  recordCached(runId: string, callKey: string): Promise<void>;
}

export const RUN_BUDGET = Symbol('RUN_BUDGET');
