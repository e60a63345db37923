import type { LlmRun, PrismaClient } from '../../generated/prisma';

export interface LlmRunBudget {
  /** Most USD the run may spend (billed calls at cost, calls in flight at their estimate); omit for no limit. */
  maxUsd?: number;
  /** Most billed calls (settled plus in flight); omit for no limit. Stored answers do not count. */
  maxCalls?: number;
}

export interface LlmRunTotals {
  runId: string;
  budgetUsd: number | null;
  budgetCalls: number | null;
  spentUsd: number;
  spentCalls: number;
  reservedUsd: number;
  reservedCalls: number;
  /** Calls the run used from the store without paying. */
  cachedCalls: number;
}

export type BudgetLimit = 'usd' | 'calls';

/** Dispatching one more call could pass a limit of the run: it stops here, on purpose. */
export interface BudgetExhausted {
  kind: 'budget-exhausted';
  limit: BudgetLimit;
  totals: LlmRunTotals;
  requestedUsd: number;
  /** e.g. `run r1: budget exhausted: USD limit of 8.600000 USD reached (spent …)`. */
  message: string;
}

export class LlmRunNotFoundError extends Error {
  override readonly name = 'LlmRunNotFoundError';
  constructor(readonly runId: string) {
    super(`LLM run ${JSON.stringify(runId)} not found`);
  }
}

/** Floats from callCost vs NUMERIC(18,9): compare with a nanodollar of slack, as BudgetTracker does. */
export const USD_EPSILON = 1e-9;

/**
 * A run's budget (limits) and its counters in Postgres, shared by every worker of a run. The
 * counters move with each request (LlmRequestRepository: a reservation is one conditional UPDATE,
 * … WHERE spent + reserved + estimate <= budget, so Postgres' row lock serialises concurrent
 * reservations and the open estimates plus the money spent never pass the budget, however many
 * workers dispatch at once). A stored answer the run reuses is linked by `recordStoredAnswer` at 0.
 */
export class LlmRunRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates the run, or returns it as it is if it exists (a restarted run keeps its spending). */
  async getOrCreate(runId: string, budget: LlmRunBudget = {}): Promise<LlmRunTotals> {
    checkBudget(budget);
    await this.prisma.llmRun.upsert({
      where: { id: runId },
      create: { id: runId, budgetUsd: budget.maxUsd ?? null, budgetCalls: budget.maxCalls ?? null },
      update: {},
    });
    return this.totals(runId);
  }

  /** Changes a run's limits (spending stays). */
  async setBudget(runId: string, budget: LlmRunBudget): Promise<LlmRunTotals> {
    checkBudget(budget);
    const { count } = await this.prisma.llmRun.updateMany({
      where: { id: runId },
      data: { budgetUsd: budget.maxUsd ?? null, budgetCalls: budget.maxCalls ?? null },
    });
    if (count === 0) throw new LlmRunNotFoundError(runId);
    return this.totals(runId);
  }

  async totals(runId: string): Promise<LlmRunTotals> {
    const [run, cachedCalls] = await Promise.all([
      this.prisma.llmRun.findUnique({ where: { id: runId } }),
      this.prisma.llmRunCall.count({ where: { runId, cached: true } }),
    ]);
    if (run === null) throw new LlmRunNotFoundError(runId);
    return toTotals(run, cachedCalls);
  }

  /** The run used an answer already in the store: linked at cost 0 (unless the run itself paid for it earlier). */
  async recordStoredAnswer(runId: string, callKey: string): Promise<void> {
    await this.prisma.$executeRawUnsafe(
      `INSERT INTO "LlmRunCall" ("runId", "callKey", "costUsd", "cached") VALUES ($1, $2, 0, true)
       ON CONFLICT ("runId", "callKey") DO NOTHING`,
      runId,
      callKey,
    );
  }

  /** The run's cost from its call links (equals `spentUsd` when every billed call was settled with its key). */
  async linkedCostUsd(runId: string): Promise<number> {
    const { _sum } = await this.prisma.llmRunCall.aggregate({ where: { runId }, _sum: { costUsd: true } });
    return Number(_sum.costUsd ?? 0);
  }
}

function toTotals(run: LlmRun, cachedCalls: number): LlmRunTotals {
  return {
    runId: run.id,
    budgetUsd: run.budgetUsd === null ? null : Number(run.budgetUsd),
    budgetCalls: run.budgetCalls,
    spentUsd: Number(run.spentUsd),
    spentCalls: run.spentCalls,
    reservedUsd: Number(run.reservedUsd),
    reservedCalls: run.reservedCalls,
    cachedCalls,
  };
}

/** Which limit one more call would pass, given the run's totals. */
export function exhaustedLimit(totals: LlmRunTotals): BudgetLimit {
  return totals.budgetCalls !== null && totals.spentCalls + totals.reservedCalls + 1 > totals.budgetCalls ? 'calls' : 'usd';
}

export function describeExhaustion(limit: BudgetLimit, totals: LlmRunTotals, requestedUsd: number): string {
  const usd = (amount: number): string => `${amount.toFixed(6)} USD`;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const state =
    `spent ${usd(totals.spentUsd)} in ${plural(totals.spentCalls, 'billed call')}, ` +
    `${plural(totals.reservedCalls, 'call')} in flight reserving ${usd(totals.reservedUsd)}`;
  const head = `run ${totals.runId}: budget exhausted: `;
  if (limit === 'calls') return `${head}call limit of ${totals.budgetCalls} reached (${state}); no further call is dispatched`;
  return `${head}USD limit of ${usd(totals.budgetUsd ?? 0)} reached (${state}; the next call needs up to ${usd(requestedUsd)}); no further call is dispatched`;
}

export function checkUsd(what: string, usd: number): void {
  if (!Number.isFinite(usd) || usd < 0) throw new RangeError(`${what} must be a finite non-negative USD amount, got ${usd}`);
}

function checkBudget(budget: LlmRunBudget): void {
  if (budget.maxUsd !== undefined) checkUsd('maxUsd', budget.maxUsd);
  if (budget.maxCalls !== undefined && !(Number.isSafeInteger(budget.maxCalls) && budget.maxCalls >= 0)) {
    throw new RangeError(`maxCalls must be a non-negative integer, got ${budget.maxCalls}`);
  }
}
