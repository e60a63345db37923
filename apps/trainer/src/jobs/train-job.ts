import { UnrecoverableError } from 'bullmq';
import { TrainSpec, type TrainResult } from '@alkdrec/contracts';
import { nextItemExamples } from '@alkdrec/models';
import { untrainableReason } from '@alkdrec/recsys';
import { datasetMetadataOf, type Dataset } from '@alkdrec/db';
import { findFitted, fitAndRecord } from './fit-and-record';
import type { TrainerJobContext } from './job-context';
import type { TrainerJobHandle } from './progress';
import { modelIdFor, resolveTrainSpec } from './resolve-train-spec';

/**
 * Trains one teacher or student (REFERENCE §2), stores its checkpoint and test metrics. Idempotent:
 * the model id is derived from the spec, and a model that is already READY is reused, not retrained.
 */
export async function runTrainJob(ctx: TrainerJobContext, job: TrainerJobHandle, spec: TrainSpec): Promise<TrainResult> {
  const dataset = await ctx.datasets.findByName(spec.dataset);
  if (!dataset) throw new UnrecoverableError(`dataset "${spec.dataset}" is not imported (run: alkdrec import --dataset ${spec.dataset})`);
  // The defaults the dataset's metadata sets (negatives) are part of the resolved options, hence of the id.
  const resolved = resolveTrainSpec(spec, datasetMetadataOrRefuse(dataset));
  const modelId = modelIdFor(resolved);
  // The importer refuses such datasets; one imported before it did would otherwise fail deep inside
  // TensorFlow, the same way on every retry.
  const tooSmall = untrainableReason({ items: dataset.itemCount, train: dataset.trainCount, valid: dataset.validCount, test: dataset.testCount });
  if (tooSmall) throw new UnrecoverableError(`dataset "${spec.dataset}" cannot be trained on: ${tooSmall}`);

  const fitted = await findFitted(ctx, modelId);
  if (fitted) {
    await job.updateProgress({ phase: 'done', done: 1, total: 1, message: 'reused an identical trained model' });
    return fitted;
  }
  const { options } = resolved;
  await job.updateProgress({ phase: 'loading', done: 0, total: options.maxSteps });
  const splits = await ctx.datasets.loadSplits(dataset.id);
  return fitAndRecord(
    ctx,
    job,
    { id: modelId, datasetId: dataset.id, backbone: spec.backbone, role: spec.role, seed: spec.seed, config: { ...options } },
    { itemCount: splits.itemCount, examples: nextItemExamples(splits.train), valid: splits.valid },
    options,
    splits.test,
  );
}

/** The dataset's stored metadata; a row that breaks the contract fails the same way on every retry. */
function datasetMetadataOrRefuse(dataset: Dataset) {
  try {
    return datasetMetadataOf(dataset);
  } catch (error) {
    throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
  }
}
