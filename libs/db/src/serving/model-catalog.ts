import type { Model, ModelStatus, Prisma, PrismaClient } from '../prisma-client';
import { LINEAGE_RUN_ORDER, lineageOf, SERVED_METRICS_EXCLUSION, testMetricsOf, type LineageRun, type ServableLineage, type ServableMetrics } from './model-lineage';

/** A model as listed: its row (without the training curve), test metrics, lineage, and whether it serves its dataset. */
export interface ModelSummary {
  model: Omit<Model, 'history'>;
  dataset: string;
  metrics: ServableMetrics | null;
  lineage: ServableLineage;
  /** The model currently promoted for its dataset. */
  serving: boolean;
}

export interface ModelFilter {
  dataset?: string | undefined;
  backbone?: string | undefined;
  role?: string | undefined;
  status?: ModelStatus | undefined;
}

/** The sort key of the list (newest first): a page's last model, to continue after it. */
export interface ModelListKey {
  createdAt: Date;
  id: string;
}

export interface ModelListPage {
  models: ModelSummary[];
  /** Models matching the filter on every page together. */
  total: number;
  /** More models follow this page. */
  more: boolean;
}

const ROW = {
  id: true, datasetId: true, backbone: true, role: true, dim: true, seed: true, config: true, status: true, steps: true, bestStep: true,
  bestValidRecall: true, wallMs: true, artifactUri: true, backend: true, error: true, createdAt: true, updatedAt: true,
  dataset: { select: { name: true } },
} as const;

type Row = Omit<Model, 'history'> & { dataset: { name: string } };

/**
 * Models with metrics and lineage for the api's list: newest first (createdAt, then id, both
 * descending), filtered, `limit` at a time from `offset` or after `after`. A page costs a fixed
 * number of queries whatever its size (models, count, their test evaluations, the runs naming them,
 * the serving promotions), never one per model.
 */
export async function listModels(
  prisma: PrismaClient,
  filter: ModelFilter,
  page: { limit: number; offset?: number | undefined; after?: ModelListKey | undefined },
): Promise<ModelListPage> {
  const where = whereOf(filter);
  const paged: Prisma.ModelWhereInput = page.after
    ? { AND: [where, { OR: [{ createdAt: { lt: page.after.createdAt } }, { createdAt: page.after.createdAt, id: { lt: page.after.id } }] }] }
    : where;
  const [total, rows] = await Promise.all([
    prisma.model.count({ where }),
    prisma.model.findMany({ where: paged, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: page.offset, take: page.limit + 1, select: ROW }),
  ]);
  const models = await summarise(prisma, rows.slice(0, page.limit));
  return { models, total, more: rows.length > page.limit };
}

/** One model's summary, or null for an unknown id. */
export async function findModelSummary(prisma: PrismaClient, id: string): Promise<ModelSummary | null> {
  const row = await prisma.model.findUnique({ where: { id }, select: ROW });
  return row === null ? null : ((await summarise(prisma, [row]))[0] ?? null);
}

function whereOf(filter: ModelFilter): Prisma.ModelWhereInput {
  return {
    ...(filter.dataset === undefined ? {} : { dataset: { name: filter.dataset } }),
    ...(filter.backbone === undefined ? {} : { backbone: filter.backbone }),
    ...(filter.role === undefined ? {} : { role: filter.role }),
    ...(filter.status === undefined ? {} : { status: filter.status }),
  };
}

async function summarise(prisma: PrismaClient, rows: readonly Row[]): Promise<ModelSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const datasetIds = [...new Set(rows.map((row) => row.datasetId))];
  const [evaluations, runs, latest] = await Promise.all([
    prisma.evaluation.findMany({ where: { modelId: { in: ids }, split: 'TEST', exclusion: SERVED_METRICS_EXCLUSION } }),
    prisma.run.findMany({
      where: { OR: [{ distilledModelId: { in: ids } }, { teacherModelId: { in: ids } }, { studentModelId: { in: ids } }] },
      orderBy: [...LINEAGE_RUN_ORDER],
      select: { id: true, teacherModelId: true, studentModelId: true, distilledModelId: true, strategy: true, budget: true },
    }),
    prisma.servingPromotion.groupBy({ by: ['datasetId'], where: { datasetId: { in: datasetIds } }, _max: { id: true } }),
  ]);
  const currentIds = latest.map((row) => row._max.id).filter((id): id is number => id !== null);
  const current = await prisma.servingPromotion.findMany({ where: { id: { in: currentIds } }, select: { modelId: true } });
  const serving = new Set(current.map((row) => row.modelId));
  const evaluationOf = new Map(evaluations.map((evaluation) => [evaluation.modelId, evaluation]));
  return rows.map(({ dataset, ...model }) => ({
    model,
    dataset: dataset.name,
    metrics: testMetricsOf(evaluationOf.get(model.id)),
    lineage: lineageOf(model, dataset.name, runs.filter((run) => namesModel(run, model.id))),
    serving: serving.has(model.id),
  }));
}

function namesModel(run: LineageRun, id: string): boolean {
  return run.distilledModelId === id || run.teacherModelId === id || run.studentModelId === id;
}
