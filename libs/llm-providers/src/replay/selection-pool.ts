import { PROVIDER_TRAITS, type RunProvider } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import { loadDatasetRecordings, type DatasetRecordings } from './replay-recordings';

/*
 * Why here. Which training sessions a run may draw from depends on its provider: a recorded one
 * (replay) can answer only the sessions it has a recording of. The selector's select stage and
 * `alkdrec distill --select` both need that pool, so it is one function both import. libs/db
 * (data access) may not read the recordings — their loader is this library's, a layer above it —
 * and libs/selection is pure (no database); apps cannot import each other. libs/llm-providers
 * owns the recordings and may read the database, and both apps already depend on it.
 */

/** A training session the policy may draw, with the teacher's difficulty (REFERENCE §3). */
export interface PoolSession {
  row: number;
  difficulty: number;
}

export interface SelectionPool {
  sessions: PoolSession[];
  /** Why these sessions, for the run's record and its output. */
  note: string;
}

/** The teacher has no stored difficulties: its predictions must be made first. */
export class TeacherWithoutDifficultiesError extends Error {
  override name = 'TeacherWithoutDifficultiesError';
  constructor(readonly teacherModelId: string) {
    super(`teacher ${teacherModelId} has no stored difficulties (its predictions must be made first)`);
  }
}

/**
 * The training sessions the policy draws from, with the teacher's difficulty. With a recorded
 * provider (replay) only sessions that have a recorded GPT-4 answer can be answered, so the pool is
 * those (4,992 of 7,393 on MovieLens): drawing others would spend budget on "not available".
 */
export async function selectionPool(
  prisma: PrismaClient,
  input: { dataset: string; provider: RunProvider; teacherModelId: string },
  load: (dataset: string) => Promise<DatasetRecordings> = loadDatasetRecordings,
): Promise<SelectionPool> {
  const predictions = await prisma.prediction.findMany({ where: { modelId: input.teacherModelId }, select: { row: true, difficulty: true } });
  const withDifficulty = predictions.filter((p): p is PoolSession => p.difficulty !== null);
  if (withDifficulty.length === 0) throw new TeacherWithoutDifficultiesError(input.teacherModelId);
  if (!PROVIDER_TRAITS[input.provider].recorded) {
    return { sessions: withDifficulty, note: `all ${withDifficulty.length} training sessions, by the teacher's difficulty` };
  }
  const recorded = (await load(input.dataset)).rankingByRow;
  const sessions = withDifficulty.filter((p) => recorded.has(p.row));
  return {
    sessions,
    note:
      `replay: the ${sessions.length} of ${withDifficulty.length} training sessions with a recorded GPT-4 answer ` +
      `(the pool is restricted to those), by the teacher's difficulty`,
  };
}
