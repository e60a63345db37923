import { UnrecoverableError } from 'bullmq';
import { deserializeModel, type Backbone } from '@alkdrec/models';
import type { TrainerJobContext } from './job-context';

/** A trained model and its row, or an unrecoverable error when it is missing or not ready. */
export async function loadReadyModel(ctx: TrainerJobContext, modelId: string) {
  const row = await ctx.models.findById(modelId);
  if (!row) throw new UnrecoverableError(`model ${modelId} does not exist`);
  if (row.status !== 'READY' || !row.artifactUri) throw new UnrecoverableError(`model ${modelId} is ${row.status}, not READY`);
  const model: Backbone = deserializeModel(await ctx.artifacts.get(row.artifactUri));
  return { row, model };
}
