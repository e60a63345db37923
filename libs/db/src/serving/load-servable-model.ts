import type { ArtifactStore } from '../artifacts/artifact-store';
import { datasetContentOf } from '../import/dataset-content';
import type { Model, PrismaClient, Run } from '../prisma-client';
import { ModelNotFoundError } from '../repositories/model.repository';

/** The model exists but has no checkpoint to serve (still training, failed, or never stored). */
export class ModelNotReadyError extends Error {
  override readonly name = 'ModelNotReadyError';
  constructor(readonly modelId: string, readonly status: string) {
    super(`model ${JSON.stringify(modelId)} is ${status}, not READY with a checkpoint: only a trained model can be served or exported`);
  }
}

/** Where a model came from; fields that do not apply to its role are null (see docs/export.md). */
export interface ServableLineage {
  dataset: string;
  backbone: string;
  role: string;
  /** The run that produced it: for a distilled model its run; for a teacher or student the first run that used it. */
  run: string | null;
  /** The teacher whose knowledge a distilled model carries (its run's teacher). */
  teacher: string | null;
  /** The student a distilled model was fine-tuned from. */
  student: string | null;
  /** The run's selection strategy and budget: what shaped a distilled model (null for teachers and students). */
  strategy: string | null;
  budget: number | null;
  seed: number;
}

export interface ServableMetrics {
  split: 'test';
  sessions: number;
  recall5: number;
  ndcg5: number;
  recall10: number;
  ndcg10: number;
}

/**
 * A READY model with everything needed to serve or export it. Its shape is what
 * @alkdrec/serving's buildModelExport takes.
 */
export interface ServableModel {
  model: Model;
  /** The ALKDREC1 checkpoint bytes. */
  checkpoint: Uint8Array;
  dataset: {
    id: number;
    name: string;
    itemCount: number;
    /** sha256 of the decompressed items.csv / sessions.jsonl as imported (null when not recorded). */
    contentSha256: { items: string | null; sessions: string | null };
  };
  /** Every item in index order: row v of the model's embeddings is items[v]. */
  items: { externalId: string; title: string }[];
  metrics: ServableMetrics | null;
  lineage: ServableLineage;
}

/**
 * Loads a model to serve or export: its row, dataset, items, test metrics, lineage and checkpoint.
 * Throws ModelNotFoundError for an unknown id, ModelNotReadyError when it has no checkpoint yet,
 * and the store's ArtifactNotFoundError when the checkpoint is gone.
 */
export async function loadServableModel(prisma: PrismaClient, artifacts: ArtifactStore, modelId: string): Promise<ServableModel> {
  const model = await prisma.model.findUnique({ where: { id: modelId }, include: { dataset: true } });
  if (!model) throw new ModelNotFoundError(modelId);
  if (model.status !== 'READY' || !model.artifactUri) throw new ModelNotReadyError(modelId, model.status === 'READY' ? 'READY without a stored checkpoint' : model.status);
  const { dataset, ...row } = model;

  const [items, evaluation, runs] = await Promise.all([
    prisma.item.findMany({ where: { datasetId: dataset.id }, orderBy: { index: 'asc' }, select: { index: true, externalId: true, title: true } }),
    prisma.evaluation.findUnique({ where: { modelId_split: { modelId, split: 'TEST' } } }),
    prisma.run.findMany({
      where: { OR: [{ distilledModelId: modelId }, { teacherModelId: modelId }, { studentModelId: modelId }] },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
  ]);
  if (items.length !== dataset.itemCount || items.some((item, i) => item.index !== i)) {
    throw new Error(`dataset ${dataset.name} has ${items.length} item rows for ${dataset.itemCount} items: its catalogue is incomplete`);
  }
  const checkpoint = await artifacts.get(model.artifactUri);
  const content = datasetContentOf(dataset.source);
  return {
    model: row,
    checkpoint,
    dataset: {
      id: dataset.id,
      name: dataset.name,
      itemCount: dataset.itemCount,
      contentSha256: { items: content.itemsSha256 ?? null, sessions: content.sessionsSha256 ?? null },
    },
    items: items.map(({ externalId, title }) => ({ externalId, title })),
    metrics: evaluation
      ? { split: 'test', sessions: evaluation.sessionCount, recall5: evaluation.recall5, ndcg5: evaluation.ndcg5, recall10: evaluation.recall10, ndcg10: evaluation.ndcg10 }
      : null,
    lineage: lineageOf(row, dataset.name, runs),
  };
}

function lineageOf(model: Model, dataset: string, runs: readonly Run[]): ServableLineage {
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
