import type { ServableModel } from '@alkdrec/db';
import { Recommender } from '@alkdrec/serving';

/**
 * A promoted model ready to answer: its Recommender (plain-JS encoder and item vectors) and the
 * catalogue as the request path needs it — item id → index, and ids and titles by index. Built
 * whole before it is installed, and never changed afterwards.
 */
export interface LoadedModel {
  readonly dataset: string;
  readonly modelId: string;
  /** The promotion that made this model serve (ServingPromotion.id). */
  readonly promotionId: number;
  readonly recommender: Recommender;
  readonly indexOf: ReadonlyMap<string, number>;
  readonly itemIds: readonly string[];
  readonly titles: readonly string[];
  readonly loadedAt: Date;
}

/** A promoted model whose checkpoint does not fit its dataset's catalogue. */
export class UnservableModelError extends Error {
  override readonly name = 'UnservableModelError';
}

/** Builds the Recommender of a loaded model (checking its checkpoint) and its catalogue maps. */
export function buildLoadedModel(servable: ServableModel, promotionId: number): LoadedModel {
  const { model, dataset, items } = servable;
  const recommender = Recommender.fromCheckpoint(servable.checkpoint, `checkpoint of model ${model.id}`);
  if (recommender.itemCount !== items.length) {
    throw new UnservableModelError(`model ${JSON.stringify(model.id)} scores ${recommender.itemCount} items but dataset ${JSON.stringify(dataset.name)} has ${items.length}`);
  }
  const itemIds = items.map((item) => item.externalId);
  const indexOf = new Map<string, number>();
  itemIds.forEach((id, index) => indexOf.set(id, index));
  return {
    dataset: dataset.name,
    modelId: model.id,
    promotionId,
    recommender,
    indexOf,
    itemIds,
    titles: items.map((item) => item.title),
    loadedAt: new Date(),
  };
}
