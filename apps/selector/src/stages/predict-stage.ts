import { deterministicJobId, PredictPayload, PredictResult, QueueName, TrainerJob, TrainerProgress } from '@alkdrec/contracts';
import { required, type Stage } from './stage-context';
import { withdrawIfUnshared } from './shared-models';
import { describeTrainerProgress } from './trainer-progress';

/**
 * The teacher's top-50, true rank and difficulty for every training session (REFERENCE §3). Runs
 * sharing the teacher share its predictions: when all are stored with a difficulty, nothing is asked.
 */
export const predictStage: Stage = async (ctx) => {
  const teacherModelId = required((await ctx.run()).teacherModelId, 'teacher', ctx.runId);
  const stored = await ctx.deps.prisma.prediction.count({ where: { modelId: teacherModelId, difficulty: { not: null } } });
  if (stored === ctx.trainCount) {
    return { detail: `reused the ${stored} stored predictions of ${teacherModelId}` };
  }
  const payload = PredictPayload.parse({ modelId: teacherModelId });
  const result = await ctx.deps.subJobs.run({
    queue: QueueName.Trainer,
    name: TrainerJob.Predict,
    payload,
    jobId: deterministicJobId(TrainerJob.Predict, [payload.modelId, `top${payload.topK}`], payload),
    result: PredictResult,
    progress: { contract: TrainerProgress, onProgress: (p) => ctx.progress(p.done, p.total, describeTrainerProgress(p)) },
    signal: ctx.signal,
    withdrawOnCancel: withdrawIfUnshared(ctx),
  });
  return { detail: `${result.sessionCount} training sessions predicted in ${(result.wallMs / 1000).toFixed(1)} s` };
};
