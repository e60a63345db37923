import type { FieldError, RecommendedItem } from '@alkdrec/contracts';
import type { LoadedModel } from './loaded-model';

/** One session's answer: recommendations, or why there are none (`error`, naming `field`). */
export interface SessionAnswer {
  items: RecommendedItem[];
  unknownItems: string[];
  error: FieldError | null;
}

// Reused by every call: the request path runs on one thread and scoring is synchronous.
const known: number[] = [];
const seen = new Set<number>();

/**
 * The request path's scoring, synchronous and free of I/O: item ids → catalogue indices (unknown
 * ones collected, each once), the model's top-k with the session's items left out when
 * `excludeSeen`, and the answer with ids and titles. An empty or all-unknown session gets an error
 * naming `field` instead.
 */
export function scoreSession(model: LoadedModel, itemIds: readonly string[], k: number, excludeSeen: boolean, field: string): SessionAnswer {
  known.length = 0;
  let unknownItems: string[] | undefined;
  for (const id of itemIds) {
    const index = model.indexOf.get(id);
    if (index !== undefined) known.push(index);
    else if (unknownItems === undefined) unknownItems = [id];
    else if (!unknownItems.includes(id)) unknownItems.push(id);
  }
  if (known.length === 0) {
    const message =
      itemIds.length === 0
        ? 'no item ids: a session needs at least one item of the catalogue'
        : `none of its ${itemIds.length} item ids is in the catalogue of dataset ${JSON.stringify(model.dataset)}`;
    return { items: [], unknownItems: unknownItems ?? [], error: { field, message } };
  }
  let exclude: Set<number> | undefined;
  if (excludeSeen) {
    seen.clear();
    for (const index of known) seen.add(index);
    exclude = seen;
  }
  const ranked = model.recommender.recommend(known, k, exclude);
  const items: RecommendedItem[] = new Array(ranked.length);
  for (let i = 0; i < ranked.length; i++) {
    const { index, score } = ranked[i] as (typeof ranked)[number];
    items[i] = { itemId: model.itemIds[index] as string, title: model.titles[index] as string, score };
  }
  return { items, unknownItems: unknownItems ?? [], error: null };
}
