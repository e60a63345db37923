import type { RunResult } from '@alkdrec/contracts';
import { readRunView, runResultOf, type PrismaClient } from '@alkdrec/db';
import { LlmRequestMeter, MeteredLlmRequestLedger } from '@alkdrec/service-kit';

/**
 * A finished run as the database has it (the read model, libs/db's readRunView, as RunResult): each
 * stage's wall time and detail, the test metrics of the student, the teacher and the distilled
 * student, the selection's LLM outcomes, and the LLM requests, answers, faults, lost answers and
 * cost from the run's request ledger. `since`: when this attempt of the driver started (earlier
 * finishes count as resumed).
 */
export async function runSummary(prisma: PrismaClient, runId: string, wallMs: number, since = new Date(Date.now() - wallMs)): Promise<RunResult> {
  // Metered: a request this sweep finds lost is counted in alkdrec_llm_requests_lost_total here (once: the ledger moves each row once).
  // Requests of workers that died are lost, whether or not a live worker has swept them yet.
  await new MeteredLlmRequestLedger(prisma, new LlmRequestMeter()).markLost();
  const view = await readRunView(prisma, runId);
  if (!view) throw new Error(`run ${runId} does not exist`);
  return runResultOf(view, { since, wallMs });
}
