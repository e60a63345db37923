import type { PrismaClient } from '@alkdrec/db';

export interface TrainingSession {
  row: number;
  items: number[];
  next: number;
}

/**
 * The training sessions of the given rows, or at the given positions in the training split (the
 * split takes the first ordinals, so a position is an ordinal), in training order. Every one asked
 * for must exist.
 */
export async function trainingSessions(
  prisma: PrismaClient,
  datasetId: number,
  which: { rows: readonly number[] } | { positions: readonly number[] },
): Promise<TrainingSession[]> {
  const byRow = 'rows' in which;
  const keys = [...new Set(byRow ? which.rows : which.positions)];
  const found = await prisma.session.findMany({
    where: { datasetId, split: 'TRAIN', ...(byRow ? { row: { in: keys } } : { ordinal: { in: keys } }) },
    orderBy: { ordinal: 'asc' },
    select: { row: true, ordinal: true, items: true, next: true },
  });
  if (found.length !== keys.length) {
    const seen = new Set(found.map((s) => (byRow ? s.row : s.ordinal)));
    const missing = keys.filter((key) => !seen.has(key));
    throw new Error(`dataset ${datasetId} has no training session at ${byRow ? 'rows' : 'positions'} ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
  }
  return found.map(({ row, items, next }) => ({ row, items, next }));
}

/** A teacher's stored top-50 of some training sessions; `of` throws for a row it was not loaded for. */
export interface TeacherTops {
  of(row: number): number[];
}

/** The teacher's stored top-50 of the given training sessions; every row must have one. */
export async function teacherTop50(prisma: PrismaClient, teacherModelId: string, rows: readonly number[]): Promise<TeacherTops> {
  const found = await prisma.prediction.findMany({ where: { modelId: teacherModelId, row: { in: [...rows] } }, select: { row: true, top50: true } });
  const byRow = new Map(found.map((p) => [p.row, p.top50]));
  const missing = rows.filter((row) => !byRow.has(row));
  if (missing.length > 0) {
    throw new Error(`teacher ${teacherModelId} has no stored prediction for training rows ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
  }
  return {
    of(row) {
      const top = byRow.get(row);
      if (!top) throw new Error(`teacher ${teacherModelId}: row ${row} was not loaded`);
      return top;
    },
  };
}
