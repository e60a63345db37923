import { z } from 'zod';

export const Backbone = z.enum(['fpmc', 'stamp', 'attmix']);
export type Backbone = z.infer<typeof Backbone>;

/** Teacher: latent size 100; student: latent size 10 (REFERENCE §2). */
export const ModelRole = z.enum(['teacher', 'student']);
export type ModelRole = z.infer<typeof ModelRole>;

export const DEFAULT_DIM: Record<ModelRole, number> = { teacher: 100, student: 10 };

/**
 * Negative sampling for the ranking loss. `in-batch`: each session's next item against every other
 * next item in the batch (BPR; what the reference effectively does). `uniform-bce`: binary
 * cross-entropy against uniformly sampled catalogue items (the reference's AttMix on MovieLens).
 */
export const NegativeScheme = z.enum(['in-batch', 'uniform-bce']);
export type NegativeScheme = z.infer<typeof NegativeScheme>;

export const EvalSplit = z.enum(['valid', 'test']);
export type EvalSplit = z.infer<typeof EvalSplit>;

/**
 * Which items a metric leaves out of the full-catalogue ranking (REFERENCE §1, docs/metrics.md).
 * `session`: every item of the session, however long (our default; validation always uses it).
 * `window`: only the model's input window, the session's last 10 items (the authors'
 * `utils/evaluation.py`); an earlier item of a longer session can then be recommended, and hit.
 */
export const EvalExclusion = z.enum(['session', 'window']);
export type EvalExclusion = z.infer<typeof EvalExclusion>;

export const Metrics = z.object({
  recall5: z.number(),
  ndcg5: z.number(),
  recall10: z.number(),
  ndcg10: z.number(),
});
export type Metrics = z.infer<typeof Metrics>;

/** A dataset name doubles as a path segment and a queue-key fragment: keep it plain. */
export const DatasetName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'dataset names are lower-case letters, digits, ".", "_" or "-"');

/**
 * What changed the model serving a dataset: `promote` puts a model in service; `rollback` goes back
 * to the model promoted before the current one (the ServingPromotion table's `action`).
 */
export const ServingAction = z.enum(['promote', 'rollback']);
export type ServingAction = z.infer<typeof ServingAction>;
