import { BudgetExhaustedError, BudgetTracker, type BudgetLimits, type Reservation } from '@alkdrec/llm';
import type { BudgetDecision, BudgetHold, RunBudget } from './run-budget';

/**
 * Run budgets kept in this process: one BudgetTracker per run, with the configured limits. Exact
 * for one worker process; with several replicas each enforces the limits on its own share, which
 * is why the PostgreSQL run store replaces it when it is available.
 */
export class ProcessRunBudget implements RunBudget {
  private readonly runs = new Map<string, BudgetTracker>();
  private readonly holds = new Map<string, Reservation>();

  constructor(private readonly limits: Readonly<BudgetLimits>) {}

  async reserve(runId: string, estimateUsd: number): Promise<BudgetDecision> {
    const tracker = this.tracker(runId);
    try {
      const reservation = tracker.reserve(estimateUsd);
      const hold = { runId, id: `${runId}#${reservation.id}`, estimateUsd };
      this.holds.set(hold.id, reservation);
      return { kind: 'reserved', hold };
    } catch (error) {
      if (error instanceof BudgetExhaustedError) return { kind: 'exhausted', message: `run ${runId}: ${error.message}` };
      throw error;
    }
  }

  async settle(hold: BudgetHold, actualUsd: number): Promise<void> {
    this.tracker(hold.runId).settle(this.take(hold), actualUsd);
  }

  async release(hold: BudgetHold): Promise<void> {
    this.tracker(hold.runId).release(this.take(hold));
  }

  private tracker(runId: string): BudgetTracker {
    let tracker = this.runs.get(runId);
    if (!tracker) this.runs.set(runId, (tracker = new BudgetTracker(this.limits)));
    return tracker;
  }

  private take(hold: BudgetHold): Reservation {
    const reservation = this.holds.get(hold.id);
    if (!reservation) throw new Error(`budget hold ${hold.id} was already settled or released`);
    this.holds.delete(hold.id);
    return reservation;
  }
}
