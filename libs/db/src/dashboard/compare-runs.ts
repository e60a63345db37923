import { RunSpec, type Backbone, type Metrics, type RunStrategy } from '@alkdrec/contracts';
import type { PrismaClient } from '../prisma-client';

/** One SUCCEEDED run of a dataset × backbone, with the test metrics of its three models (session rule). */
export interface ComparedRun {
  runId: string;
  strategy: RunStrategy;
  seed: number;
  student: { modelId: string; test: Metrics } | null;
  teacher: { modelId: string; test: Metrics } | null;
  distilled: { modelId: string; test: Metrics } | null;
}

/**
 * The runs to set side by side: SUCCEEDED, of this dataset and backbone, of this LLM budget (the
 * `tr` strategy asks no LLM and has no budget of its own: all of its runs) and step cap (null:
 * uncapped runs only). Metrics are the test split under the `session` rule, what runs report.
 */
export async function readComparedRuns(
  prisma: PrismaClient,
  filter: { dataset: string; backbone: Backbone; budget: number; maxSteps: number | null },
): Promise<ComparedRun[]> {
  const runs = await prisma.run.findMany({
    where: { dataset: { name: filter.dataset }, backbone: filter.backbone, status: 'SUCCEEDED' },
    select: { id: true, spec: true, teacherModelId: true, studentModelId: true, distilledModelId: true },
    orderBy: { id: 'asc' },
  });
  const kept = runs.flatMap((run) => {
    const spec = RunSpec.safeParse(run.spec);
    if (!spec.success) return [];
    const capped = spec.data.maxSteps ?? null;
    if (capped !== filter.maxSteps) return [];
    if (spec.data.strategy !== 'tr' && spec.data.budget !== filter.budget) return [];
    return [{ run, spec: spec.data }];
  });
  const modelIds = kept.flatMap(({ run }) => [run.teacherModelId, run.studentModelId, run.distilledModelId]).filter((id): id is string => id !== null);
  const evaluations = await prisma.evaluation.findMany({
    where: { modelId: { in: modelIds }, split: 'TEST', exclusion: 'session' },
    select: { modelId: true, recall5: true, ndcg5: true, recall10: true, ndcg10: true },
  });
  const byModel = new Map(evaluations.map(({ modelId, ...test }) => [modelId, test]));
  const report = (id: string | null) => {
    const test = id === null ? undefined : byModel.get(id);
    return id !== null && test ? { modelId: id, test } : null;
  };
  return kept.map(({ run, spec }) => ({
    runId: run.id,
    strategy: spec.strategy,
    seed: spec.seed,
    student: report(run.studentModelId),
    teacher: report(run.teacherModelId),
    distilled: report(run.distilledModelId),
  }));
}
