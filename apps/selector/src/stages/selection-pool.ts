import { PROVIDER_TRAITS, type RunSpec } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import { loadDatasetRecordings } from '@alkdrec/llm-providers';
import type { PoolSession } from '@alkdrec/selection';

export interface SelectionPool {
  sessions: PoolSession[];
  /** Why these sessions, for the run's record and its output. */
  note: string;
}

/**
 * The training sessions the policy draws from, with the teacher's difficulty. With a recorded
 * provider (replay) only sessions that have a recorded GPT-4 answer can be answered, so the pool is those
 * (4,992 of 7,393 on MovieLens): drawing others would spend budget on "not available".
 */
export async function selectionPool(prisma: PrismaClient, spec: RunSpec, teacherModelId: string): Promise<SelectionPool> {
  const predictions = await prisma.prediction.findMany({ where: { modelId: teacherModelId }, select: { row: true, difficulty: true } });
  const withDifficulty = predictions.filter((p): p is { row: number; difficulty: number } => p.difficulty !== null);
  if (withDifficulty.length === 0) throw new Error(`teacher ${teacherModelId} has no stored difficulties (its predict stage must finish first)`);
  if (!PROVIDER_TRAITS[spec.provider].recorded) {
    return { sessions: withDifficulty, note: `all ${withDifficulty.length} training sessions, by the teacher's difficulty` };
  }
  const recorded = (await loadDatasetRecordings(spec.dataset)).rankingByRow;
  const sessions = withDifficulty.filter((p) => recorded.has(p.row));
  return {
    sessions,
    note:
      `replay: the ${sessions.length} of ${withDifficulty.length} training sessions with a recorded GPT-4 answer ` +
      `(the pool is restricted to those), by the teacher's difficulty`,
  };
}
