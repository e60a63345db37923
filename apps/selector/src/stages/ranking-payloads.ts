import { LlmRankingPayload, type RunSpec } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import { rankingCandidates } from '@alkdrec/llm';
import { teacherTop50, trainingSessions, type TrainingSession } from './teacher-data';

/**
 * Module 2's job payloads for the given selected rows: the session's items, the teacher's top-50 with
 * the true item in place of the 50th when missing (REFERENCE §4), and the run's hints.
 */
export async function rankingPayloads(
  prisma: PrismaClient,
  input: { runId: string; spec: RunSpec; datasetId: number; teacherModelId: string; hints: string[]; rows: readonly number[] },
): Promise<LlmRankingPayload[]> {
  const sessions = new Map((await trainingSessions(prisma, input.datasetId, { rows: input.rows })).map((s) => [s.row, s]));
  const tops = await teacherTop50(prisma, input.teacherModelId, input.rows);
  return input.rows.map((row) => {
    // trainingSessions refused any row that is not a training session.
    const session = sessions.get(row) as TrainingSession;
    return LlmRankingPayload.parse({
      runId: input.runId,
      dataset: input.spec.dataset,
      row,
      sessionItems: session.items,
      candidates: rankingCandidates(tops.of(row), session.next),
      nextItem: session.next,
      hints: input.hints,
      provider: input.spec.provider,
    });
  });
}
