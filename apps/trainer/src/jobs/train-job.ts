import { UnrecoverableError } from 'bullmq';
import { TrainSpec, type TrainResult } from '@alkdrec/contracts';
import { disposeModel, evaluateModel, nextItemExamples, serializeModel, trainModel } from '@alkdrec/models';
import type { TrainerJobContext } from './job-context';
import type { TrainerJobHandle } from './progress';
import { modelIdFor, resolveTrainSpec } from './resolve-train-spec';

/**
 * Trains one teacher or student (REFERENCE §2), stores its checkpoint and test metrics. Idempotent:
 * the model id is derived from the spec, and a model that is already READY is reused, not retrained.
 */
export async function runTrainJob(ctx: TrainerJobContext, job: TrainerJobHandle, spec: TrainSpec): Promise<TrainResult> {
  const resolved = resolveTrainSpec(spec);
  const modelId = modelIdFor(resolved);
  const dataset = await ctx.datasets.findByName(spec.dataset);
  if (!dataset) throw new UnrecoverableError(`dataset "${spec.dataset}" is not imported (run: alkdrec import --dataset ${spec.dataset})`);

  const existing = await ctx.models.findById(modelId);
  const existingTest = existing?.status === 'READY' ? await ctx.evaluations.find(modelId, 'test') : null;
  if (existing && existingTest) {
    await job.updateProgress({ phase: 'done', done: 1, total: 1, message: 'reused an identical trained model' });
    return {
      modelId, steps: existing.steps ?? 0, bestStep: existing.bestStep ?? 0, bestValidRecall: existing.bestValidRecall ?? 0,
      wallMs: existing.wallMs ?? 0, backend: existing.backend ?? ctx.backend, reused: true,
      test: { recall5: existingTest.recall5, ndcg5: existingTest.ndcg5, recall10: existingTest.recall10, ndcg10: existingTest.ndcg10 },
    };
  }

  const { options } = resolved;
  await ctx.models.startTraining({
    id: modelId, datasetId: dataset.id, backbone: spec.backbone, role: spec.role, dim: options.dim, seed: spec.seed,
    config: { ...options },
  });
  try {
    await job.updateProgress({ phase: 'loading', done: 0, total: options.maxSteps });
    const splits = await ctx.datasets.loadSplits(dataset.id);
    const outcome = await trainModel(
      { itemCount: splits.itemCount, examples: nextItemExamples(splits.train), valid: splits.valid },
      options,
      (p) => job.updateProgress({
        phase: 'training', done: p.step, total: p.maxSteps, validRecall: p.validRecall, bestValidRecall: p.bestValidRecall,
      }),
    );
    try {
      await job.updateProgress({ phase: 'saving', done: outcome.steps, total: outcome.steps });
      const artifactUri = await ctx.artifacts.put(`models/${modelId}.ckpt`, serializeModel(outcome.model));
      await job.updateProgress({ phase: 'evaluating', done: 0, total: 1 });
      const test = evaluateModel(outcome.model, splits.test);
      await ctx.evaluations.save({
        modelId, split: 'test', sessionCount: splits.test.length, ...test.metrics, ranks: Array.from(test.ranks), wallMs: Math.round(test.wallMs),
      });
      const wallMs = Math.round(outcome.wallMs);
      await ctx.models.markReady(modelId, {
        steps: outcome.steps, bestStep: outcome.bestStep, bestValidRecall: outcome.bestValidRecall, wallMs,
        history: outcome.history.map((h) => ({ step: h.step, recall: h.validRecall, loss: h.loss })), artifactUri, backend: ctx.backend,
      });
      await job.updateProgress({ phase: 'done', done: 1, total: 1 });
      return {
        modelId, steps: outcome.steps, bestStep: outcome.bestStep, bestValidRecall: outcome.bestValidRecall,
        wallMs, backend: ctx.backend, reused: false, test: test.metrics,
      };
    } finally {
      disposeModel(outcome.model);
    }
  } catch (error) {
    await ctx.models.markFailed(modelId, error instanceof Error ? error.message : String(error));
    throw error;
  }
}
