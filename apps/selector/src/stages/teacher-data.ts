import type { PrismaClient } from '@alkdrec/db';

export interface TrainingSession {
  row: number;
  items: number[];
  next: number;
}

/** Training sessions in training order (ordinal), or only those of `rows`. */
export async function trainingSessions(prisma: PrismaClient, datasetId: number, rows?: readonly number[]): Promise<TrainingSession[]> {
  return prisma.session.findMany({
    where: { datasetId, split: 'TRAIN', ...(rows ? { row: { in: [...rows] } } : {}) },
    orderBy: { ordinal: 'asc' },
    select: { row: true, items: true, next: true },
  });
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
