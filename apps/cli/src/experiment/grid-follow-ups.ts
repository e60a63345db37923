import { deterministicJobId, EvaluatePayload, EvaluateResult, PredictPayload, PredictResult, runIdOf, stagesOf, TrainerJob, type ExperimentGrid, type RunSpec } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import { submitJob, waitForResult } from '@alkdrec/service-kit';
import type { Queue, QueueEvents } from 'bullmq';
import type { z } from 'zod';

/** A trainer job the grid's report needs beyond what its runs did, under its deterministic id. */
export interface FollowUpJob {
  name: TrainerJob;
  payload: unknown;
  jobId: string;
  result: z.ZodType;
  /** In a few words, for the progress line. */
  what: string;
}

/**
 * What the finished runs of the grid still lack for the report: the student's predictions of
 * every training session (runs before the predict stage stored them), so the selection's anatomy
 * can tell effective from similar picks; and, for the grid's `windowExclusion` cells, the test
 * evaluation of each model under the authors' `window` rule. Jobs are deterministic: one already
 * done is not listed (its rows are stored), one queued by another invocation is joined.
 */
export async function missingFollowUps(prisma: PrismaClient, grid: ExperimentGrid, specs: readonly RunSpec[]): Promise<FollowUpJob[]> {
  return [...(await missingStudentPredictions(prisma, specs)), ...(await missingWindowEvaluations(prisma, grid, specs))];
}

async function missingStudentPredictions(prisma: PrismaClient, specs: readonly RunSpec[]): Promise<FollowUpJob[]> {
  const asking = specs.filter((spec) => stagesOf(spec.strategy).includes('rank')).map(runIdOf);
  const runs = await prisma.run.findMany({ where: { id: { in: asking }, status: 'SUCCEEDED' }, select: { studentModelId: true, dataset: { select: { trainCount: true } } } });
  const students = new Map<string, number>();
  for (const run of runs) if (run.studentModelId) students.set(run.studentModelId, run.dataset.trainCount);
  const stored = await prisma.prediction.groupBy({ by: ['modelId'], where: { modelId: { in: [...students.keys()] } }, _count: { _all: true } });
  const storedOf = new Map(stored.map((row) => [row.modelId, row._count._all]));
  const jobs: FollowUpJob[] = [];
  for (const [modelId, trainCount] of students) {
    if ((storedOf.get(modelId) ?? 0) >= trainCount) continue;
    const payload = PredictPayload.parse({ modelId });
    jobs.push({
      name: TrainerJob.Predict,
      payload,
      jobId: deterministicJobId(TrainerJob.Predict, [payload.modelId, `top${payload.topK}`], payload),
      result: PredictResult,
      what: `student predictions of ${modelId}`,
    });
  }
  return jobs;
}

async function missingWindowEvaluations(prisma: PrismaClient, grid: ExperimentGrid, specs: readonly RunSpec[]): Promise<FollowUpJob[]> {
  const inWindowCells = specs.filter((spec) => grid.windowExclusion.some((cell) => cell.dataset === spec.dataset && cell.backbone === spec.backbone)).map(runIdOf);
  if (inWindowCells.length === 0) return [];
  const runs = await prisma.run.findMany({ where: { id: { in: inWindowCells }, status: 'SUCCEEDED' }, select: { studentModelId: true, teacherModelId: true, distilledModelId: true } });
  const models = new Set(runs.flatMap((run) => [run.studentModelId, run.teacherModelId, run.distilledModelId]).filter((id): id is string => id !== null));
  const done = await prisma.evaluation.findMany({ where: { modelId: { in: [...models] }, split: 'TEST', exclusion: 'window' }, select: { modelId: true } });
  for (const row of done) models.delete(row.modelId);
  return [...models].map((modelId) => {
    const payload = EvaluatePayload.parse({ modelId, split: 'test', exclusion: 'window' });
    return {
      name: TrainerJob.Evaluate,
      payload,
      // The id `alkdrec evaluate` gives the same evaluation: the two are one job.
      jobId: deterministicJobId(TrainerJob.Evaluate, [payload.modelId, payload.split, payload.exclusion], payload),
      result: EvaluateResult,
      what: `window-rule test evaluation of ${modelId}`,
    };
  });
}

/** Submits every follow-up job (the trainer workers share them out) and waits for all, counting. */
export async function runFollowUps(target: { queue: Queue; events: QueueEvents }, jobs: readonly FollowUpJob[], note: (text: string) => void): Promise<void> {
  if (jobs.length === 0) return;
  note(`follow-ups for the report: ${jobs.length} trainer job${jobs.length === 1 ? '' : 's'} (${summarise(jobs)})`);
  let done = 0;
  await Promise.all(
    jobs.map(async (request) => {
      const { job } = await submitJob(target.queue, request.name, request.payload, request.jobId);
      await waitForResult({ job, queue: target.queue, events: target.events }, request.result);
      done++;
      note(`follow-ups: ${done}/${jobs.length} done (${request.what})`);
    }),
  );
}

function summarise(jobs: readonly FollowUpJob[]): string {
  const byName = new Map<string, number>();
  for (const job of jobs) byName.set(job.name, (byName.get(job.name) ?? 0) + 1);
  return [...byName].map(([name, count]) => `${count} ${name}`).join(', ');
}
