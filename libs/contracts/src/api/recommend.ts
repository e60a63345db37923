import { z } from 'zod';
import { DatasetName } from '../domain';
import { FieldError } from './problem';

/** Bounds of a recommend request: a reply stays small and a batch stays well under a second. */
export const RECOMMEND_LIMITS = {
  k: { default: 10, max: 100 },
  /** Item ids per session (the encoders read the last 10; the rest only widen `excludeSeen`). */
  sessionItems: 200,
  /** Sessions per batch request. */
  batchSessions: 100,
  itemIdLength: 200,
} as const;

/** An item id as in the dataset's items.csv. */
export const ItemId = z.string().min(1).max(RECOMMEND_LIMITS.itemIdLength);

const SessionItems = z
  .array(ItemId)
  .max(RECOMMEND_LIMITS.sessionItems)
  .describe('The session: item ids, oldest first. Unknown ids are ignored and reported; a session with no known id is refused (422).');
const K = z.number().int().min(1).max(RECOMMEND_LIMITS.k.max).default(RECOMMEND_LIMITS.k.default).describe('How many items to recommend.');
const ExcludeSeen = z.boolean().default(true).describe("Leave the session's own items out of the recommendations (what the evaluation does).");

export const RecommendRequest = z
  .strictObject({ dataset: DatasetName, items: SessionItems, k: K, excludeSeen: ExcludeSeen })
  .meta({ id: 'RecommendRequest' });
export type RecommendRequest = z.infer<typeof RecommendRequest>;

export const RecommendedItem = z
  .object({ itemId: ItemId, title: z.string(), score: z.number().describe('⟨session embedding, item vector⟩: higher is better (AttMix: a cosine)') })
  .meta({ id: 'RecommendedItem' });
export type RecommendedItem = z.infer<typeof RecommendedItem>;

/** Item ids of the session that the catalogue does not have, each once, in the order sent. */
const UnknownItems = z.array(z.string());

export const RecommendResponse = z
  .object({
    dataset: DatasetName,
    /** The model promoted for the dataset that scored this session. */
    modelId: z.string(),
    /** Best first; fewer than k when the catalogue has fewer items left. */
    items: z.array(RecommendedItem),
    unknownItems: UnknownItems,
  })
  .meta({ id: 'RecommendResponse' });
export type RecommendResponse = z.infer<typeof RecommendResponse>;

export const RecommendBatchRequest = z
  .strictObject({
    dataset: DatasetName,
    sessions: z.array(z.strictObject({ items: SessionItems })).min(1).max(RECOMMEND_LIMITS.batchSessions),
    k: K,
    excludeSeen: ExcludeSeen,
  })
  .meta({ id: 'RecommendBatchRequest' });
export type RecommendBatchRequest = z.infer<typeof RecommendBatchRequest>;

/** One session's answer in a batch: its recommendations, or (empty or all-unknown session) an error naming it. */
export const RecommendBatchResult = z
  .object({
    items: z.array(RecommendedItem),
    unknownItems: UnknownItems,
    /** Why this session got no recommendations (`body.sessions[i].items`); null when it got them. */
    error: FieldError.nullable(),
  })
  .meta({ id: 'RecommendBatchResult' });
export type RecommendBatchResult = z.infer<typeof RecommendBatchResult>;

export const RecommendBatchResponse = z
  .object({
    dataset: DatasetName,
    modelId: z.string(),
    /** One per session, in the order sent. */
    results: z.array(RecommendBatchResult),
  })
  .meta({ id: 'RecommendBatchResponse' });
export type RecommendBatchResponse = z.infer<typeof RecommendBatchResponse>;
