import { LlmRunRepository, type LlmRunBudget, type PrismaClient, type RunReservation } from '@alkdrec/db';
import type { BudgetDecision, BudgetHold, RunBudget } from './run-budget';

/**
 * Run budgets in PostgreSQL (LlmRunRepository): one ledger per run shared by every worker, with
 * atomic reservations, so concurrent workers never overshoot. A run that does not exist yet is
 * created with the worker's default limits (LLM_RUN_MAX_USD / LLM_RUN_MAX_CALLS); a run created
 * by its producer keeps the limits it was given.
 */
export class PrismaRunBudget implements RunBudget {
  private readonly runs: LlmRunRepository;
  private readonly known = new Map<string, Promise<unknown>>();

  constructor(
    prisma: PrismaClient,
    private readonly defaults: LlmRunBudget,
  ) {
    this.runs = new LlmRunRepository(prisma);
  }

  async reserve(runId: string, estimateUsd: number): Promise<BudgetDecision> {
    await this.ensureRun(runId);
    const result = await this.runs.reserve(runId, estimateUsd);
    if (result.kind === 'budget-exhausted') return { kind: 'exhausted', message: result.message };
    return { kind: 'reserved', hold: { runId, id: runId, estimateUsd } };
  }

  async settle(hold: BudgetHold, actualUsd: number, callKey: string): Promise<void> {
    await this.runs.settle(reservationOf(hold), actualUsd, callKey);
  }

  async release(hold: BudgetHold): Promise<void> {
    await this.runs.release(reservationOf(hold));
  }

  async recordCached(runId: string, callKey: string): Promise<void> {
    await this.ensureRun(runId);
    await this.runs.recordStoredAnswer(runId, callKey);
  }

  private ensureRun(runId: string): Promise<unknown> {
    let created = this.known.get(runId);
    if (!created) {
      created = this.runs.getOrCreate(runId, this.defaults);
      created.catch(() => this.known.delete(runId));
      this.known.set(runId, created);
    }
    return created;
  }
}

function reservationOf(hold: BudgetHold): RunReservation {
  return { runId: hold.runId, estimatedUsd: hold.estimateUsd };
}
