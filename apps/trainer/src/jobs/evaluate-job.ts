import type { EvaluatePayload, EvaluateResult } from '@alkdrec/contracts';
import { disposeModel, evaluateModel } from '@alkdrec/models';
import type { TrainerJobContext } from './job-context';
import { loadReadyModel } from './load-model';
import type { TrainerJobHandle } from './progress';

/**
 * Full-catalogue metrics of a trained model on the validation or test split (REFERENCE §1), under
 * the payload's exclusion rule; stored beside the model's evaluations under the other rule.
 */
export async function runEvaluateJob(ctx: TrainerJobContext, job: TrainerJobHandle, payload: EvaluatePayload): Promise<EvaluateResult> {
  const { row, model } = await loadReadyModel(ctx, payload.modelId);
  try {
    await job.updateProgress({ phase: 'evaluating', done: 0, total: 1 });
    const splits = await ctx.datasets.loadSplits(row.datasetId);
    const sessions = payload.split === 'test' ? splits.test : splits.valid;
    const result = evaluateModel(model, sessions, payload.exclusion);
    const wallMs = Math.round(result.wallMs);
    const { split, exclusion } = payload;
    await ctx.evaluations.save({
      modelId: row.id, split, exclusion, sessionCount: sessions.length, ...result.metrics, ranks: Array.from(result.ranks), wallMs,
    });
    await job.updateProgress({ phase: 'done', done: 1, total: 1 });
    return { modelId: row.id, split, exclusion, sessionCount: sessions.length, metrics: result.metrics, wallMs };
  } finally {
    disposeModel(model);
  }
}
