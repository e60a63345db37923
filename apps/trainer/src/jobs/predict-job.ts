import type { PredictPayload, PredictResult } from '@alkdrec/contracts';
import { disposeModel, predictSessions } from '@alkdrec/models';
import type { TrainerJobContext } from './job-context';
import { loadReadyModel } from './load-model';
import type { TrainerJobHandle } from './progress';

/**
 * Top-k and the true item's rank for every training session, plus the teacher-based difficulty
 * when the model is a teacher (REFERENCE §3); stored for the selector.
 */
export async function runPredictJob(ctx: TrainerJobContext, job: TrainerJobHandle, payload: PredictPayload): Promise<PredictResult> {
  const started = performance.now();
  const { row, model } = await loadReadyModel(ctx, payload.modelId);
  try {
    const withDifficulty = row.role === 'teacher';
    const { train } = await ctx.datasets.loadSplits(row.datasetId);
    await job.updateProgress({ phase: 'predicting', done: 0, total: train.length });
    const predictions = predictSessions(model, train, payload.topK);
    await job.updateProgress({ phase: 'saving', done: train.length, total: train.length });
    await ctx.predictions.replaceForModel(
      row.id,
      predictions.map((p, i) => ({
        row: (train[i] as { row: number }).row,
        top50: p.top,
        trueRank: p.trueRank,
        difficulty: withDifficulty ? p.difficulty : null,
      })),
    );
    await job.updateProgress({ phase: 'done', done: train.length, total: train.length });
    return { modelId: row.id, sessionCount: train.length, withDifficulty, wallMs: Math.round(performance.now() - started) };
  } finally {
    disposeModel(model);
  }
}
