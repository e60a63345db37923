import type { Backbone, EvalExclusion, Metrics, TrainingRole } from '@alkdrec/contracts';
import {
  disposeModel, evaluateModel, serializeModel, trainModel, type SessionInput, type TrainInput, type TrainOptions,
} from '@alkdrec/models';
import type { TrainerJobContext } from './job-context';
import type { TrainerJobHandle } from './progress';

/**
 * The rule of the test metrics every training and distillation records (and a run reports): our
 * default. The authors' `window` rule is one `alkdrec evaluate --exclusion window` away.
 */
const TRAINING_TEST_EXCLUSION: EvalExclusion = 'session';

export interface ModelToFit {
  id: string;
  datasetId: number;
  backbone: Backbone;
  role: TrainingRole;
  seed: number;
  /** Stored with the model row: everything that defines it. */
  config: Record<string, unknown>;
}

export interface FitRecord {
  modelId: string;
  steps: number;
  bestStep: number;
  bestValidRecall: number;
  wallMs: number;
  backend: string;
  reused: boolean;
  test: Metrics;
}

/** A READY model with test metrics, as the record a job returns; null when it must be (re)trained. */
export async function findFitted(ctx: TrainerJobContext, modelId: string): Promise<FitRecord | null> {
  const existing = await ctx.models.findById(modelId);
  if (existing?.status !== 'READY') return null;
  const test = await ctx.evaluations.find(modelId, 'test', TRAINING_TEST_EXCLUSION);
  if (!test) return null;
  return {
    modelId, steps: existing.steps ?? 0, bestStep: existing.bestStep ?? 0, bestValidRecall: existing.bestValidRecall ?? 0,
    wallMs: existing.wallMs ?? 0, backend: existing.backend ?? ctx.backend, reused: true,
    test: { recall5: test.recall5, ndcg5: test.ndcg5, recall10: test.recall10, ndcg10: test.ndcg10 },
  };
}

/**
 * The part every training job shares: mark the model TRAINING, fit it with progress reports, store
 * the checkpoint, evaluate on the test split, mark it READY — or FAILED with the reason.
 */
export async function fitAndRecord(
  ctx: TrainerJobContext,
  job: TrainerJobHandle,
  model: ModelToFit,
  input: TrainInput,
  options: TrainOptions,
  test: readonly SessionInput[],
): Promise<FitRecord> {
  await ctx.models.startTraining({ ...model, dim: options.dim });
  try {
    const outcome = await trainModel(input, options, (p) =>
      job.updateProgress({
        phase: 'training', done: p.step, total: p.maxSteps, validRecall: p.validRecall, bestValidRecall: p.bestValidRecall,
        training: { backbone: model.backbone, role: model.role, validK: options.validK, stepMs: p.stepMs, validationPassMs: p.validationPassMs },
      }),
    );
    try {
      await job.updateProgress({ phase: 'saving', done: outcome.steps, total: outcome.steps });
      const artifactUri = await ctx.artifacts.put(`models/${model.id}.ckpt`, serializeModel(outcome.model));
      await job.updateProgress({ phase: 'evaluating', done: 0, total: 1 });
      const evaluation = evaluateModel(outcome.model, test, TRAINING_TEST_EXCLUSION);
      await ctx.evaluations.save({
        modelId: model.id, split: 'test', exclusion: TRAINING_TEST_EXCLUSION, sessionCount: test.length, ...evaluation.metrics,
        ranks: Array.from(evaluation.ranks), wallMs: Math.round(evaluation.wallMs),
      });
      const wallMs = Math.round(outcome.wallMs);
      await ctx.models.markReady(model.id, {
        steps: outcome.steps, bestStep: outcome.bestStep, bestValidRecall: outcome.bestValidRecall, wallMs,
        history: outcome.history.map((h) => ({ step: h.step, recall: h.validRecall, loss: h.loss })), artifactUri, backend: ctx.backend,
      });
      await job.updateProgress({ phase: 'done', done: 1, total: 1 });
      return {
        modelId: model.id, steps: outcome.steps, bestStep: outcome.bestStep, bestValidRecall: outcome.bestValidRecall,
        wallMs, backend: ctx.backend, reused: false, test: evaluation.metrics,
      };
    } finally {
      disposeModel(outcome.model);
    }
  } catch (error) {
    await ctx.models.markFailed(model.id, error instanceof Error ? error.message : String(error));
    throw error;
  }
}
