import { deterministicJobId, DistillPayload, DistillResult, QueueName, TrainerJob, TrainerProgress } from '@alkdrec/contracts';
import { required, type Stage } from './stage-context';
import { describeTrainerProgress } from './trainer-progress';

/**
 * REFERENCE §6: fine-tune the run's student on the LLM rankings of its selected sessions (the
 * trainer repeats each pair 3/2/1 times by position) — or, for `tr`, on the teacher's top-50 of
 * every training session. The trainer validates every 20 steps (recall@50, patience 20), restores
 * the best and stores its test metrics beside the student's and the teacher's.
 */
export const distillStage: Stage = async (ctx) => {
  const { spec, deps, runId } = ctx;
  const run = await ctx.run();
  const studentModelId = required(run.studentModelId, 'student', runId);
  let source: DistillPayload['source'];
  if (spec.strategy === 'tr') {
    source = { kind: 'teacher-top50', teacherModelId: required(run.teacherModelId, 'teacher', runId) };
  } else {
    const ranked = (await deps.runs.selection(runId)).filter((s) => s.llmStatus === 'ranked' && s.ranking.length > 0);
    if (ranked.length === 0) throw new Error(`run ${runId}: the LLM ranked none of the selected sessions; nothing to distil`);
    source = { kind: 'rankings', rankings: ranked.map((s) => ({ row: s.row, ranking: s.ranking })) };
  }
  const payload = DistillPayload.parse({
    studentModelId,
    seed: spec.seed,
    source,
    ...(spec.maxSteps === undefined ? {} : { maxSteps: spec.maxSteps }),
  });
  const label = spec.strategy === 'tr' ? 'tr' : `${spec.strategy}-${spec.provider}-b${spec.budget}`;
  const result = await deps.subJobs.run({
    queue: QueueName.Trainer,
    name: TrainerJob.Distill,
    payload,
    jobId: deterministicJobId(TrainerJob.Distill, [studentModelId, label, `s${spec.seed}`], payload),
    result: DistillResult,
    progress: { contract: TrainerProgress, onProgress: (p) => ctx.progress(p.done, p.total, describeTrainerProgress(p)) },
    signal: ctx.signal,
  });
  const how = result.reused ? 'reused' : `${result.pairs} pairs, ${result.steps} steps in ${(result.wallMs / 1000).toFixed(1)} s`;
  return { detail: `${result.modelId} (${how}; test R@10 ${result.test.recall10.toFixed(5)})`, models: { distilledModelId: result.modelId } };
};
