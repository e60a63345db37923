import { DistillResult, TrainerJob, type DistillPayload, deterministicJobId } from '@alkdrec/contracts';
import type { JobRunOptions } from '../args/parsed-command';
import { CliError } from '../cli-error';
import { prepareDatabase } from '../dataset/prepare-database';
import { ownSelectionRankings, referenceRankings } from '../distill/recorded-rankings';
import { formatDistillResult } from '../output/result-tables';
import { printResult, type CliContext } from './cli-context';
import { runTrainerJob } from './run-trainer-job';

export type SelectionStrategyName = 'alkdrec' | 'rad-bc' | 'random' | 'easiest' | 'hardest';

export type DistillSource =
  | { kind: 'reference'; strategy: SelectionStrategyName; budget: number }
  | { kind: 'select'; strategy: SelectionStrategyName; teacherModelId: string; budget: number }
  | { kind: 'teacher-top50'; teacherModelId: string };

/**
 * `alkdrec distill`: fine-tune a trained student (REFERENCE §6) on recorded GPT-4 answers — of the
 * paper's own selection for a strategy, or of our selection by our teacher's difficulty — or on a
 * teacher's stored top-50 (TR).
 */
export async function distillCommand(
  ctx: CliContext,
  request: { studentModelId: string; seed: number; source: DistillSource },
  run: JobRunOptions,
): Promise<void> {
  const note = (text: string) => ctx.stderr.write(`[distill] ${text}\n`);
  const source = request.source.kind === 'teacher-top50' ? request.source : await recordedSource(ctx, request.studentModelId, request.seed, request.source, note);
  const payload: DistillPayload = { studentModelId: request.studentModelId, seed: request.seed, source,
    batchSize: 1024, learningRate: 1e-3, maxSteps: 10_000, evalEvery: 20, patience: 20 };
  const label = request.source.kind === 'teacher-top50' ? 'tr' : `${request.source.kind}-${request.source.strategy}${request.source.budget}`;
  const jobId = deterministicJobId(TrainerJob.Distill, [request.studentModelId, label, `s${request.seed}`], payload);
  const { result } = await runTrainerJob(ctx, { name: TrainerJob.Distill, payload, jobId, result: DistillResult }, run);
  printResult(ctx, run.json, { command: 'distill', jobId, result }, formatDistillResult(result));
}

/**
 * The recorded GPT-4 answers to distil, read as the replay provider reads them: of the paper's own
 * selection (--reference), or of our selection from the selector's pool (--select).
 */
async function recordedSource(
  ctx: CliContext,
  studentModelId: string,
  seed: number,
  source: Exclude<DistillSource, { kind: 'teacher-top50' }>,
  note: (text: string) => void,
): Promise<DistillPayload['source']> {
  const prisma = await prepareDatabase(ctx, note);
  try {
    const model = await prisma.model.findUnique({ where: { id: studentModelId }, select: { dataset: { select: { name: true } } } });
    if (!model) throw new CliError(`model ${studentModelId} does not exist (train it first: alkdrec train …)`);
    const dataset = model.dataset.name;
    if (source.kind === 'reference') {
      const found = await referenceRankings(prisma, dataset, source.strategy, source.budget);
      note(`${found.rankings.length} sessions of the paper's ${source.strategy} selection with recorded GPT-4 answers` +
        ` (${found.missingRows} selected rows without one skipped, ${found.droppedIds} ids outside the catalogue dropped)`);
      return { kind: 'rankings', rankings: found.rankings };
    }
    const { strategy, teacherModelId, budget } = source;
    const found = await ownSelectionRankings(prisma, { dataset, teacherModelId, strategy, budget, seed });
    note(`${strategy} selected ${found.rankings.length} sessions by the teacher's difficulty from the pool of ${found.poolSize}` +
      ` (${found.poolNote}; ${found.droppedIds} ids outside the catalogue dropped)`);
    return { kind: 'rankings', rankings: found.rankings };
  } finally {
    await prisma.$disconnect();
  }
}
