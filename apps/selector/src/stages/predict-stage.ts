import { deterministicJobId, PredictPayload, PredictResult, QueueName, TrainerJob, TrainerProgress, type ModelRole } from '@alkdrec/contracts';
import { required, type Stage, type StageContext } from './stage-context';
import { withdrawIfUnshared } from './shared-models';
import { describeTrainerProgress } from './trainer-progress';

/**
 * The teacher's and the student's top-50 and true rank for every training session, and the
 * teacher's difficulty (REFERENCE §3): the teacher's feed the hints, the selection and the
 * candidates; the student's say which selected sessions were effective (LLM right, student wrong)
 * or similar (REFERENCE §5). Runs sharing the models share the predictions: stored ones are reused.
 */
export const predictStage: Stage = async (ctx) => {
  const run = await ctx.run();
  const teacher = await predictModel(ctx, 'teacher', required(run.teacherModelId, 'teacher', ctx.runId));
  const student = await predictModel(ctx, 'student', required(run.studentModelId, 'student', ctx.runId));
  return { detail: `teacher: ${teacher}; student: ${student}` };
};

async function predictModel(ctx: StageContext, role: ModelRole, modelId: string): Promise<string> {
  // A teacher's predictions are complete with their difficulty; a student's have none.
  const stored = await ctx.deps.prisma.prediction.count({ where: { modelId, ...(role === 'teacher' ? { difficulty: { not: null } } : {}) } });
  if (stored === ctx.trainCount) return `reused the ${stored} stored predictions of ${modelId}`;
  const payload = PredictPayload.parse({ modelId });
  const result = await ctx.deps.subJobs.run({
    queue: QueueName.Trainer,
    name: TrainerJob.Predict,
    payload,
    jobId: deterministicJobId(TrainerJob.Predict, [payload.modelId, `top${payload.topK}`], payload),
    result: PredictResult,
    progress: { contract: TrainerProgress, onProgress: (p) => ctx.progress(p.done, p.total, `${role}: ${describeTrainerProgress(p)}`) },
    signal: ctx.signal,
    withdrawOnCancel: withdrawIfUnshared(ctx),
  });
  return `${result.sessionCount} training sessions predicted in ${(result.wallMs / 1000).toFixed(1)} s`;
}
