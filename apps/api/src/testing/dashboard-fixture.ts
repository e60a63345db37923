import { RunSpec, runIdOf, type Metrics, type RunSpecInput } from '@alkdrec/contracts';
import { RunRepository, type PrismaClient } from '@alkdrec/db';

/**
 * Rows the dashboard's reads (curves, selection, compare, the run list's metrics and costs) are
 * made of, written directly: a run as a driver opens it, models with a test evaluation and a
 * validation curve as training leaves them. No training, no LLM: the numbers are the test's own.
 */

/** Opens a run of `spec` (RUNNING, no models yet) as RunRepository does; returns its id. */
export async function openRun(prisma: PrismaClient, datasetId: number, input: RunSpecInput): Promise<string> {
  const spec = RunSpec.parse(input);
  const id = runIdOf(spec);
  await new RunRepository(prisma).open({ id, datasetId, backbone: spec.backbone, strategy: spec.strategy, provider: spec.provider, budget: spec.budget, seed: spec.seed, spec });
  return id;
}

export interface SeededModel {
  id: string;
  role: 'teacher' | 'student' | 'distilled';
  seed?: number;
  /** Its test metrics under the run's rule (`session`); none: not tested (yet). */
  test?: Metrics;
  /** Model.history as stored; undefined: null (still training). */
  history?: unknown[];
  bestStep?: number;
  status?: 'TRAINING' | 'READY' | 'FAILED';
}

/** A model row (created once: runs may share it), with its test evaluation if given. */
export async function seedModel(prisma: PrismaClient, datasetId: number, model: SeededModel): Promise<string> {
  const exists = await prisma.model.findUnique({ where: { id: model.id }, select: { id: true } });
  if (exists) return model.id;
  await prisma.model.create({
    data: {
      id: model.id,
      datasetId,
      backbone: 'fpmc',
      role: model.role,
      dim: model.role === 'teacher' ? 100 : 10,
      seed: model.seed ?? 1,
      config: {},
      status: model.status ?? 'READY',
      bestStep: model.bestStep ?? null,
      ...(model.history === undefined ? {} : { history: model.history as object[] }),
    },
  });
  if (model.test) await prisma.evaluation.create({ data: { modelId: model.id, split: 'TEST', exclusion: 'session', sessionCount: 10, ...model.test, ranks: [], wallMs: 1 } });
  return model.id;
}

/** Test metrics whose four figures are told apart by the two a comparison reads. */
export function metrics(recall10: number, ndcg10: number): Metrics {
  return { recall5: recall10 / 2, ndcg5: ndcg10 / 2, recall10, ndcg10 };
}

/** Names the run's models (ids of rows seeded before) and ends it in `status`. */
export async function endRun(
  prisma: PrismaClient,
  runId: string,
  status: 'SUCCEEDED' | 'FAILED' | 'RUNNING',
  models: { teacher?: string; student?: string; distilled?: string } = {},
): Promise<void> {
  await prisma.run.update({
    where: { id: runId },
    data: {
      status,
      teacherModelId: models.teacher ?? null,
      studentModelId: models.student ?? null,
      distilledModelId: models.distilled ?? null,
      finishedAt: status === 'RUNNING' ? null : new Date(),
    },
  });
}
