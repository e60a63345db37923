import type { RunLlmReport } from '@alkdrec/contracts';
import type { PrismaClient } from '../prisma-client';
import { LlmRequestRepository } from './llm-request.repository';

/**
 * A run's LLM figures: the selection's outcomes by status, the distinct prompts it used (and how
 * many the response store answered for free), and from its request ledger the requests sent,
 * answers received, lost requests, requests still in flight, faults by class and cost (lost
 * requests at their estimate, included). Reads only: requests of dead workers count as lost once a
 * live worker (or the run's own summary, LlmRequestRepository.markLost) has swept them.
 */
export async function runLlmReport(prisma: PrismaClient, runId: string): Promise<RunLlmReport> {
  const [outcomes, ledger, calls, cachedCalls] = await Promise.all([
    prisma.runSelection.groupBy({ by: ['llmStatus'], where: { runId }, _count: { _all: true } }),
    new LlmRequestRepository(prisma).runLedger(runId),
    prisma.llmRunCall.count({ where: { runId } }),
    prisma.llmRunCall.count({ where: { runId, cached: true } }),
  ]);
  return {
    selected: outcomes.reduce((n, o) => n + o._count._all, 0),
    outcomes: Object.fromEntries(outcomes.map((o) => [o.llmStatus ?? 'unanswered', o._count._all])),
    calls,
    cachedCalls,
    requests: ledger.requests,
    answers: ledger.answers,
    lost: ledger.lost,
    openReservations: ledger.open,
    faults: ledger.faults,
    costUsd: ledger.answeredUsd + ledger.lostUsd,
    lostUsd: ledger.lostUsd,
  };
}
