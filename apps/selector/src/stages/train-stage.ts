import { deterministicJobId, QueueName, TrainerJob, TrainerProgress, TrainResult, TrainSpec, type ModelRole } from '@alkdrec/contracts';
import { withdrawIfUnshared } from './shared-models';
import { describeTrainerProgress } from './trainer-progress';
import type { Stage } from './stage-context';

/**
 * Trains the run's teacher (d = 100) or student (d = 10) — or reuses it: the trainer's model id is
 * deterministic in the spec, so runs sharing dataset, backbone and seed share both models.
 */
export function trainStage(role: ModelRole): Stage {
  return async (ctx) => {
    const { spec } = ctx;
    const train = TrainSpec.parse({
      dataset: spec.dataset,
      backbone: spec.backbone,
      role,
      seed: spec.seed,
      ...(spec.maxSteps === undefined ? {} : { maxSteps: spec.maxSteps }),
    });
    // The CLI's `alkdrec train` uses the same id: a run and a train command of one model are one job.
    const jobId = deterministicJobId(TrainerJob.Train, [train.dataset, train.backbone, train.role, `s${train.seed}`], train);
    const result = await ctx.deps.subJobs.run({
      queue: QueueName.Trainer,
      name: TrainerJob.Train,
      payload: train,
      jobId,
      result: TrainResult,
      progress: { contract: TrainerProgress, onProgress: (p) => ctx.progress(p.done, p.total, describeTrainerProgress(p)) },
      signal: ctx.signal,
      withdrawOnCancel: withdrawIfUnshared(ctx),
    });
    const how = result.reused ? 'reused' : `trained in ${(result.wallMs / 1000).toFixed(1)} s, ${result.steps} steps`;
    return {
      detail: `${result.modelId} (${how}; test R@10 ${result.test.recall10.toFixed(5)})`,
      models: role === 'teacher' ? { teacherModelId: result.modelId } : { studentModelId: result.modelId },
    };
  };
}
