import { EvalExclusion } from '@alkdrec/contracts';
import type { ExportMetrics, ModelLineage } from '@alkdrec/serving';
import type { Evaluation, Model, Run } from '../prisma-client';

/**
 * Where a model came from and its test metrics: the export manifest's own shapes (libs/serving), so
 * what is loaded here is what the export writes. Fields that do not apply to a role are null.
 */
export type ServableLineage = ModelLineage;
export type ServableMetrics = ExportMetrics & { split: 'test'; exclusion: EvalExclusion };

/**
 * The rule of the test metrics that serving, export and the api's model views show: the one every
 * training records. A `window` evaluation (alkdrec evaluate --exclusion window) sits beside it.
 */
export const SERVED_METRICS_EXCLUSION: EvalExclusion = 'session';

/** The columns of a Run the lineage reads. */
export type LineageRun = Pick<Run, 'id' | 'teacherModelId' | 'studentModelId' | 'distilledModelId' | 'strategy' | 'budget'>;

/** Every run that names a model, in the order the lineage rule reads them: oldest first. */
export const LINEAGE_RUN_ORDER = [{ createdAt: 'asc' }, { id: 'asc' }] as const;

/**
 * The lineage rule, one for serving, export and the api's model list: a model's producer is the run
 * that distilled it, else the first run (oldest first: LINEAGE_RUN_ORDER) that used it as teacher
 * or student; only a distilled model gets its run's teacher, strategy and budget.
 */
export function lineageOf(model: Pick<Model, 'id' | 'backbone' | 'role' | 'seed' | 'config'>, dataset: string, runs: readonly LineageRun[]): ServableLineage {
  const producer = runs.find((r) => r.distilledModelId === model.id) ?? runs[0];
  // Only a distilled model is shaped by its run's teacher, selection strategy and budget.
  const distilledBy = producer?.distilledModelId === model.id ? producer : undefined;
  const configStudent = (model.config as Record<string, unknown> | null)?.['studentModelId'];
  return {
    dataset,
    backbone: model.backbone,
    role: model.role,
    run: producer?.id ?? null,
    teacher: distilledBy?.teacherModelId ?? null,
    student: typeof configStudent === 'string' ? configStudent : (distilledBy?.studentModelId ?? null),
    strategy: distilledBy?.strategy ?? null,
    budget: distilledBy?.budget ?? null,
    seed: model.seed,
  };
}

/** A model's test-split evaluation as served and exported; null when it was not evaluated. */
export function testMetricsOf(evaluation: Pick<Evaluation, 'exclusion' | 'sessionCount' | 'recall5' | 'ndcg5' | 'recall10' | 'ndcg10'> | null | undefined): ServableMetrics | null {
  if (!evaluation) return null;
  const { sessionCount: sessions, recall5, ndcg5, recall10, ndcg10 } = evaluation;
  return { split: 'test', exclusion: EvalExclusion.parse(evaluation.exclusion), sessions, recall5, ndcg5, recall10, ndcg10 };
}
