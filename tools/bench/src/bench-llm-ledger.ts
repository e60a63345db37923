import type { PrismaClient } from '@alkdrec/db';

/** Who sent a run's requests, read from its request ledger (LlmRequest). */
export interface RequestTimeline {
  /** Requests sent (NOT_AVAILABLE rows are not requests). */
  sent: number;
  /** Milliseconds from the first request sent to the last. */
  spanMs: number;
  /** Answered (billed) requests by llm-worker process, most first: each replica's share of the work. */
  answeredByWorker: number[];
}

export async function readRequestTimeline(prisma: PrismaClient, runId: string): Promise<RequestTimeline> {
  const rows = await prisma.llmRequest.findMany({
    where: { runId, state: { not: 'NOT_AVAILABLE' } },
    select: { sentAt: true, workerId: true, state: true },
    orderBy: { sentAt: 'asc' },
  });
  const first = rows[0]?.sentAt.getTime() ?? 0;
  const spanMs = (rows[rows.length - 1]?.sentAt.getTime() ?? first) - first;
  const byWorker = new Map<string, number>();
  for (const row of rows) {
    if (row.state === 'ANSWERED') byWorker.set(row.workerId, (byWorker.get(row.workerId) ?? 0) + 1);
  }
  return {
    sent: rows.length,
    spanMs,
    answeredByWorker: [...byWorker.values()].sort((a, b) => b - a),
  };
}
