import { z } from 'zod';
import { Backbone, DatasetName, EvalExclusion, ModelRole, ServingAction } from '../domain';
import { cursorField, ONE_WAY_OF_PAGING, oneWayOfPaging, pageFields } from './paging';

const Timestamp = z.iso.datetime();
const Count = z.number().int().min(0);

/** A model id as the trainer writes them (a hash of its configuration); Fastify routes path parameters up to 100 characters. */
export const ModelId = z.string().min(1).max(100);

/** Roles of stored models: the two that are trained, and `distilled` (a student fine-tuned on the LLM's rankings). */
export const StoredModelRole = z.enum([...ModelRole.options, 'distilled']);
export type StoredModelRole = z.infer<typeof StoredModelRole>;

/**
 * Roles the api serves (`POST /v1/models/{id}/promote`): students, distilled or not (d = 10).
 * Teachers (d = 100) are refused: they exist to teach, and scoring with one costs ten times a
 * student's (docs/api.md, "Promotion").
 */
export const SERVABLE_ROLES: readonly StoredModelRole[] = ['student', 'distilled'];

export const ModelStatusName = z.enum(['TRAINING', 'READY', 'FAILED']);
export type ModelStatusName = z.infer<typeof ModelStatusName>;

/**
 * Test-split metrics (full-catalogue ranking: docs/metrics.md) and the rule they ranked under:
 * `session` (every session item left out; what training records and what is shown here) or
 * `window` (only the model's input window, the authors' rule).
 */
export const ModelMetricsView = z
  .object({
    split: z.literal('test'),
    exclusion: EvalExclusion,
    sessions: Count,
    recall5: z.number(),
    ndcg5: z.number(),
    recall10: z.number(),
    ndcg10: z.number(),
  })
  .meta({ id: 'ModelMetrics' });

/** Where a model came from (docs/export.md, "lineage"); fields that do not apply to its role are null. */
export const ModelLineageView = z
  .object({
    dataset: DatasetName,
    backbone: Backbone,
    role: StoredModelRole,
    /** The run that distilled it; for a teacher or student, the first run that used it; null when trained outside a run. */
    run: z.string().nullable(),
    /** A distilled model's run's teacher. */
    teacher: z.string().nullable(),
    /** The student a distilled model was fine-tuned from. */
    student: z.string().nullable(),
    /** The selection strategy and LLM budget of a distilled model's run. */
    strategy: z.string().nullable(),
    budget: Count.nullable(),
    seed: z.number().int(),
  })
  .meta({ id: 'ModelLineage' });

export const ModelView = z
  .object({
    id: ModelId,
    dataset: DatasetName,
    backbone: Backbone,
    role: StoredModelRole,
    /** Latent size: 10 for students, 100 for teachers. */
    dim: z.number().int().min(1),
    seed: z.number().int(),
    status: ModelStatusName,
    /** Training: steps taken, wall time; null until READY. */
    steps: Count.nullable(),
    wallMs: Count.nullable(),
    /** Why training failed (FAILED only). */
    error: z.string().nullable(),
    metrics: ModelMetricsView.nullable(),
    lineage: ModelLineageView,
    /** Currently promoted for its dataset: what POST /v1/recommend serves. */
    serving: z.boolean(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Model' });
export type ModelView = z.infer<typeof ModelView>;

/** Models newest first, filtered by any of dataset, backbone, role and status. */
export const ModelListQuery = z
  .strictObject({
    ...pageFields,
    cursor: cursorField(2),
    dataset: DatasetName.optional(),
    backbone: Backbone.optional(),
    role: StoredModelRole.optional(),
    status: ModelStatusName.optional(),
  })
  .refine(oneWayOfPaging, ONE_WAY_OF_PAGING);
export type ModelListQuery = z.infer<typeof ModelListQuery>;

export const ModelListPage = z
  .object({
    models: z.array(ModelView),
    /** Models matching the filter on every page together. */
    total: Count,
    /** The cursor of the next page; null on the last. */
    next: z.string().nullable(),
  })
  .meta({ id: 'ModelList' });
export type ModelListPage = z.infer<typeof ModelListPage>;

export const ModelParams = z.strictObject({ id: ModelId });

/** One promote or rollback: after it, `modelId` serves `dataset`. */
export const PromotionView = z
  .object({
    dataset: DatasetName,
    modelId: ModelId,
    action: ServingAction,
    /** The promotion's id: the serving version every replica polls. */
    promotionId: z.number().int().min(1),
    /** Who asked: `api:` and the first 8 hex digits of the token's sha256, or `api` on an api without tokens. */
    by: z.string().nullable(),
    at: Timestamp,
  })
  .meta({ id: 'Promotion' });
export type PromotionView = z.infer<typeof PromotionView>;

/** What this api replica serves for a dataset right now (each replica answers for itself). */
export const ReplicaServingView = z
  .object({
    /** The model this replica scores with; null before the first successful load. */
    modelId: ModelId.nullable(),
    promotionId: z.number().int().nullable(),
    loadedAt: Timestamp.nullable(),
    /** The latest promotion failed to load here: this replica keeps the model before it and retries every second. */
    failing: z.object({ modelId: ModelId, promotionId: z.number().int(), error: z.string(), since: Timestamp }).nullable(),
  })
  .meta({ id: 'ReplicaServing' });
export type ReplicaServingView = z.infer<typeof ReplicaServingView>;

export const DatasetServingQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export const DatasetServingView = z
  .object({
    dataset: DatasetName,
    /** The promotion in force; null when no model was ever promoted for the dataset. */
    current: PromotionView.nullable(),
    /** Promotes and rollbacks, newest first (`limit` of them). */
    history: z.array(PromotionView),
    replica: ReplicaServingView,
  })
  .meta({ id: 'DatasetServing' });
export type DatasetServingView = z.infer<typeof DatasetServingView>;

/** The export download's media type: a gzipped ustar archive of the export directory (docs/export.md). */
export const MODEL_EXPORT_CONTENT_TYPE = 'application/gzip';
