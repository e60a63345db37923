import type { ModelCurve, RunCurves, TrainingCheck } from '@alkdrec/contracts';
import type { PrismaClient } from '../prisma-client';

/** The run does not exist: the caller answers 404. */
export class DashboardRunNotFound extends Error {
  override name = 'DashboardRunNotFound';
  constructor(readonly runId: string) {
    super(`no run ${JSON.stringify(runId)}`);
  }
}

/**
 * A run's learning curves: each of its models' validation checks as training stored them
 * (Model.history, written when the training finished). A model still training has none yet.
 */
export async function readRunCurves(prisma: PrismaClient, runId: string): Promise<RunCurves> {
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { teacherModelId: true, studentModelId: true, distilledModelId: true } });
  if (!run) throw new DashboardRunNotFound(runId);
  const ids = [run.teacherModelId, run.studentModelId, run.distilledModelId].filter((id): id is string => id !== null);
  const models = await prisma.model.findMany({ where: { id: { in: ids } }, select: { id: true, bestStep: true, history: true } });
  const curveOf = (id: string | null): ModelCurve | null => {
    const model = id === null ? undefined : models.find((m) => m.id === id);
    if (!model || !Array.isArray(model.history)) return null;
    return { modelId: model.id, bestStep: model.bestStep, checks: model.history.flatMap(toCheck) };
  };
  return { runId, teacher: curveOf(run.teacherModelId), student: curveOf(run.studentModelId), distilled: curveOf(run.distilledModelId) };
}

/** One stored history point; anything else in the Json column is skipped rather than trusted. */
function toCheck(point: unknown): TrainingCheck[] {
  if (typeof point !== 'object' || point === null) return [];
  const { step, recall, loss } = point as Record<string, unknown>;
  if (typeof step !== 'number' || typeof recall !== 'number') return [];
  return [{ step, recall, loss: typeof loss === 'number' && Number.isFinite(loss) ? loss : null }];
}
