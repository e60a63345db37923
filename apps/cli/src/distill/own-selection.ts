import type { PrismaClient } from '@alkdrec/db';
import { selectSessions, type SelectionStrategy } from '@alkdrec/selection';
import { CliError } from '../cli-error';
import type { ReferenceRankings } from './reference-rankings';
import { recordedRankingsByRow } from './reference-rankings';

export interface OwnSelection extends ReferenceRankings {
  /** Training sessions that had a recorded answer: the pool the policy drew from. */
  poolSize: number;
}

/**
 * Our own active selection (REFERENCE §5) over OUR teacher's difficulty, answered by the recorded
 * GPT-4 rankings: the replay provider's pool is the training sessions that have a recorded answer,
 * so the policy draws from those only (said in the output).
 */
export async function ownSelectionRankings(
  prisma: PrismaClient,
  input: { dataset: string; teacherModelId: string; strategy: Exclude<SelectionStrategy, 'tr'>; budget: number; seed: number },
): Promise<OwnSelection> {
  const predictions = await prisma.prediction.findMany({
    where: { modelId: input.teacherModelId },
    select: { row: true, difficulty: true },
  });
  if (predictions.length === 0 || predictions.some((p) => p.difficulty === null)) {
    throw new CliError(`teacher ${input.teacherModelId} has no stored difficulties (run: alkdrec predict --model ${input.teacherModelId})`);
  }
  const recorded = await recordedRankingsByRow(input.dataset);
  const pool = predictions
    .filter((p) => recorded.byRow.has(p.row))
    .map((p) => ({ row: p.row, difficulty: p.difficulty as number }));
  const { selected } = selectSessions({ strategy: input.strategy, pool, budget: input.budget, seed: input.seed });
  return {
    rankings: selected.map(({ row }) => ({ row, ranking: recorded.byRow.get(row) as number[] })),
    missingRows: 0,
    droppedIds: selected.reduce((n, { row }) => n + (recorded.droppedIds.get(row) ?? 0), 0),
    poolSize: pool.length,
  };
}
