import { z } from 'zod';
import { Backbone, DatasetName, EvalExclusion, EvalSplit, Metrics, ModelRole, NegativeScheme } from './domain';
import { TrainerJob } from './queues';

/** Everything that defines a trained model; the model id is derived from it deterministically. */
export const TrainSpec = z.object({
  dataset: DatasetName,
  backbone: Backbone,
  role: ModelRole,
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  /** Latent size; defaults to 100 for teachers and 10 for students. */
  dim: z.number().int().min(1).max(1024).optional(),
  /** Default: the dataset's stored metadata (docs/data.md; the bundled MovieLens: uniform BCE for AttMix), else in-batch BPR. */
  negatives: NegativeScheme.optional(),
  batchSize: z.number().int().min(2).max(8192).default(1024),
  learningRate: z.number().positive().max(1).default(1e-3),
  maxSteps: z.number().int().min(1).max(1_000_000).default(10_000),
  evalEvery: z.number().int().min(1).default(20),
  /** Validation checks without improvement before stopping; defaults 20 (teacher) / 10 (student). */
  patience: z.number().int().min(1).optional(),
});
export type TrainSpec = z.infer<typeof TrainSpec>;
export type TrainSpecInput = z.input<typeof TrainSpec>;

export const TrainResult = z.object({
  modelId: z.string(),
  steps: z.number().int(),
  bestStep: z.number().int(),
  bestValidRecall: z.number(),
  wallMs: z.number(),
  backend: z.string(),
  /** True when an identical model was already trained and was reused. */
  reused: z.boolean(),
  test: Metrics,
});
export type TrainResult = z.infer<typeof TrainResult>;

export const EvaluatePayload = z.object({
  modelId: z.string().min(1),
  split: EvalSplit.default('test'),
  /** Which items the ranking leaves out; stored with the evaluation (one row per model, split and rule). */
  exclusion: EvalExclusion.default('session'),
});
export type EvaluatePayload = z.infer<typeof EvaluatePayload>;

export const EvaluateResult = z.object({
  modelId: z.string(),
  split: EvalSplit,
  exclusion: EvalExclusion,
  sessionCount: z.number().int(),
  metrics: Metrics,
  wallMs: z.number(),
});
export type EvaluateResult = z.infer<typeof EvaluateResult>;

/** Top-50 and true rank for all training sessions; difficulty too when the model is a teacher. */
export const PredictPayload = z.object({ modelId: z.string().min(1), topK: z.number().int().min(1).max(500).default(50) });
export type PredictPayload = z.infer<typeof PredictPayload>;

export const PredictResult = z.object({
  modelId: z.string(),
  sessionCount: z.number().int(),
  withDifficulty: z.boolean(),
  wallMs: z.number(),
});
export type PredictResult = z.infer<typeof PredictResult>;

/** A session's ranking to distil: catalogue item indices, best first (REFERENCE §6). */
export const SessionRankingPayload = z.object({
  /** The session's 0-based line in sessions.jsonl (a training session). */
  row: z.number().int().min(0),
  ranking: z.array(z.number().int()).max(100),
});

/**
 * Fine-tune a trained student on LLM rankings of selected sessions (weights 3/2/1 by position), or
 * — the TR ablation — on a teacher's stored top-50 of every training session (weight 1).
 */
export const DistillPayload = z.object({
  studentModelId: z.string().min(1),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('rankings'), rankings: z.array(SessionRankingPayload).min(1).max(20_000) }),
    z.object({ kind: z.literal('teacher-top50'), teacherModelId: z.string().min(1) }),
  ]),
  batchSize: z.number().int().min(2).max(8192).default(1024),
  learningRate: z.number().positive().max(1).default(1e-3),
  maxSteps: z.number().int().min(1).max(1_000_000).default(10_000),
  evalEvery: z.number().int().min(1).default(20),
  patience: z.number().int().min(1).default(20),
});
export type DistillPayload = z.infer<typeof DistillPayload>;

export const DistillResult = TrainResult.extend({
  studentModelId: z.string(),
  /** (session, item) training pairs after repetition by weight. */
  pairs: z.number().int(),
});
export type DistillResult = z.infer<typeof DistillResult>;

/** What a model is trained as: a teacher, a student, or a student distilled from the LLM's rankings. */
export const TrainingRole = z.enum([...ModelRole.options, 'distilled']);
export type TrainingRole = z.infer<typeof TrainingRole>;

/**
 * Training progress for the trainer's metrics: the job runs in a worker thread, so the main thread
 * (which serves /metrics) learns steps and validation figures from these reports.
 */
export const TrainingProgress = z.object({
  backbone: Backbone,
  role: TrainingRole,
  /** k of the validation recall (25 in training, 50 in distillation). */
  validK: z.number().int().min(1),
  /** Time spent in optimiser steps so far, validation excluded. */
  stepMs: z.number().min(0),
  /** Time of the validation pass just done. */
  validationPassMs: z.number().min(0),
});
export type TrainingProgress = z.infer<typeof TrainingProgress>;

/** Progress reported by every trainer job; the CLI draws its bar from it. */
export const TrainerProgress = z.object({
  phase: z.enum(['loading', 'training', 'evaluating', 'predicting', 'saving', 'done']),
  done: z.number(),
  total: z.number(),
  /** Training only: last validation recall and the best so far. */
  validRecall: z.number().optional(),
  bestValidRecall: z.number().optional(),
  /** Training only, at each validation: see TrainingProgress. */
  training: TrainingProgress.optional(),
  message: z.string().optional(),
});
export type TrainerProgress = z.infer<typeof TrainerProgress>;

/** One typed registry: job name → payload and result schemas, parsed on both ends. */
export const trainerJobs = {
  [TrainerJob.Train]: { payload: TrainSpec, result: TrainResult },
  [TrainerJob.Evaluate]: { payload: EvaluatePayload, result: EvaluateResult },
  [TrainerJob.Predict]: { payload: PredictPayload, result: PredictResult },
  [TrainerJob.Distill]: { payload: DistillPayload, result: DistillResult },
} as const;
export type TrainerJobPayload<N extends TrainerJob> = z.infer<(typeof trainerJobs)[N]['payload']>;
export type TrainerJobResult<N extends TrainerJob> = z.infer<(typeof trainerJobs)[N]['result']>;
