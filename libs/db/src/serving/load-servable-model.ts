import type { ArtifactStore } from '../artifacts/artifact-store';
import { datasetContentOf } from '../import/dataset-content';
import type { Model, PrismaClient } from '../prisma-client';
import { ModelNotFoundError } from '../repositories/model.repository';
import { LINEAGE_RUN_ORDER, lineageOf, SERVED_METRICS_EXCLUSION, testMetricsOf, type ServableLineage, type ServableMetrics } from './model-lineage';

export type { ServableLineage, ServableMetrics } from './model-lineage';

/** The model exists but has no checkpoint to serve (still training, failed, or never stored). */
export class ModelNotReadyError extends Error {
  override readonly name = 'ModelNotReadyError';
  constructor(readonly modelId: string, readonly status: string) {
    super(`model ${JSON.stringify(modelId)} is ${status}, not READY with a checkpoint: only a trained model can be served or exported`);
  }
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
    prisma.evaluation.findUnique({ where: { modelId_split_exclusion: { modelId, split: 'TEST', exclusion: SERVED_METRICS_EXCLUSION } } }),
    prisma.run.findMany({
      where: { OR: [{ distilledModelId: modelId }, { teacherModelId: modelId }, { studentModelId: modelId }] },
      orderBy: [...LINEAGE_RUN_ORDER],
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
    metrics: testMetricsOf(evaluation),
    lineage: lineageOf(row, dataset.name, runs),
  };
}
