import { z } from 'zod';
import { Backbone, DatasetName } from '../domain';
import { ExperimentVariant } from '../experiment';
import { RunStrategy } from '../run-jobs';

/**
 * The routes the dashboard (apps/web) reads beyond runs, models and datasets: a run's learning
 * curves and its selection in detail, the strategies compared over seeds, and item titles for the
 * "try it" box. Read-only; every one is public like the other reads.
 */

const Count = z.number().int().min(0);

/** One validation check during training (Model.history): the step, validation recall@10 and the training loss then. */
export const TrainingCheck = z.object({ step: Count, recall: z.number(), loss: z.number().nullable() });
export type TrainingCheck = z.infer<typeof TrainingCheck>;

/** A model's validation curve; `bestStep` is the check its weights were kept from (early stopping). */
export const ModelCurve = z.object({ modelId: z.string(), bestStep: Count.nullable(), checks: z.array(TrainingCheck) });
export type ModelCurve = z.infer<typeof ModelCurve>;

/** GET /v1/runs/:id/curves: teacher, student and distillation curves, each null until its model has a curve. */
export const RunCurves = z
  .object({ runId: z.string(), teacher: ModelCurve.nullable(), student: ModelCurve.nullable(), distilled: ModelCurve.nullable() })
  .meta({ id: 'RunCurves' });
export type RunCurves = z.infer<typeof RunCurves>;

/** An item of the catalogue as people read it. */
export const CatalogueItem = z.object({ itemId: z.string(), title: z.string() }).meta({ id: 'CatalogueItem' });
export type CatalogueItem = z.infer<typeof CatalogueItem>;

/** One drawn session: its place in the draw, its difficulty rank in the pool at the draw (1 = hardest) and p* then. */
export const DrawnSession = z.object({
  order: Count,
  row: Count,
  rank: z.number().int().min(1),
  probability: z.number(),
  difficulty: z.number(),
  /** The ranking job's outcome (ranked, not-available, …); null until answered. */
  llmStatus: z.string().nullable(),
});
export type DrawnSession = z.infer<typeof DrawnSession>;

/** A selected session side by side: what was watched, what came next, the teacher's candidates and the LLM's ranking. */
export const SelectedSessionDetail = z.object({
  order: Count,
  row: Count,
  rank: z.number().int().min(1),
  difficulty: z.number(),
  llmStatus: z.string().nullable(),
  /** The session's items, oldest first. */
  session: z.array(CatalogueItem),
  /** The item that came next (the training target). */
  next: CatalogueItem,
  /** The teacher's top candidates (of the 50 the LLM was shown), best first. */
  teacher: z.array(CatalogueItem),
  /** The teacher's rank of the next item among the whole catalogue (0 = first). */
  teacherTrueRank: z.number().int().nullable(),
  /** The LLM's ranking, best first; empty unless it ranked. */
  llm: z.array(CatalogueItem),
});
export type SelectedSessionDetail = z.infer<typeof SelectedSessionDetail>;

export const RunSelectionQuery = z.strictObject({
  /** How many selected sessions to show in full (the first drawn). */
  samples: z.coerce.number().int().min(0).max(20).default(4),
  /** How many of the teacher's and the LLM's items to list for each. */
  top: z.coerce.number().int().min(1).max(50).default(10),
});

/**
 * GET /v1/runs/:id/selection: the policy's p* over difficulty rank for the initial pool (null for
 * the deterministic strategies and `tr`), every drawn session, and a few in full.
 */
export const RunSelectionDetail = z
  .object({
    runId: z.string(),
    strategy: RunStrategy,
    poolSize: Count.nullable(),
    poolNote: z.string().nullable(),
    /** p* at the first draw: `points` of [rank, p*], at most about 1,000 (each the highest p* of its ranks). */
    curve: z.object({ kStar: z.number().int().nullable(), points: z.array(z.tuple([z.number().int(), z.number()])) }).nullable(),
    drawn: z.array(DrawnSession),
    samples: z.array(SelectedSessionDetail),
  })
  .meta({ id: 'RunSelectionDetail' });
export type RunSelectionDetail = z.infer<typeof RunSelectionDetail>;

export const CompareQuery = z.strictObject({
  dataset: DatasetName,
  backbone: Backbone,
  /** Only runs of this LLM budget (the paper's: 500). */
  budget: z.coerce.number().int().min(1).default(500),
  /** Only runs capped at this many steps; left out: uncapped runs only (the paper's). */
  maxSteps: z.coerce.number().int().min(1).optional(),
});
export type CompareQuery = z.infer<typeof CompareQuery>;

/** Mean and sample standard deviation over seeds (sd null below two seeds). */
export const SeedSpread = z.object({ n: z.number().int().min(1), mean: z.number(), sd: z.number().nullable() });

/** A strategy (or the student / teacher alone) over seeds, with the paper's number beside. */
export const ComparedVariant = z.object({
  variant: ExperimentVariant,
  seeds: z.array(z.number().int()),
  recall10: SeedSpread.nullable(),
  ndcg10: SeedSpread.nullable(),
  /** The paper's Table 1 / Table 2 figure for this dataset × backbone; null when it printed none. */
  paper: z.object({ recall10: z.number(), ndcg10: z.number() }).nullable(),
});
export type ComparedVariant = z.infer<typeof ComparedVariant>;

/** GET /v1/compare: every variant of one dataset × backbone, from the runs that SUCCEEDED. */
export const Comparison = z
  .object({ dataset: DatasetName, backbone: Backbone, budget: z.number().int(), maxSteps: z.number().int().nullable(), variants: z.array(ComparedVariant) })
  .meta({ id: 'Comparison' });
export type Comparison = z.infer<typeof Comparison>;

/** GET /v1/datasets/:name/items: titles containing `q` (case-insensitive), for autocompletion. */
export const ItemSearchQuery = z.strictObject({
  q: z.string().max(200).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export const ItemSearchPage = z.object({ items: z.array(CatalogueItem) }).meta({ id: 'ItemSearch' });
export type ItemSearchPage = z.infer<typeof ItemSearchPage>;
