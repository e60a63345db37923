import { DistillResult, TrainerJob, type DistillPayload, deterministicJobId } from '@alkdrec/contracts';
import type { JobRunOptions } from '../args/parsed-command';
import { CliError } from '../cli-error';
import { prepareDatabase } from '../dataset/prepare-database';
import { ownSelectionRankings } from '../distill/own-selection';
import { referenceRankings } from '../distill/reference-rankings';
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
  let source: DistillPayload['source'];
  if (request.source.kind === 'reference') {
    const dataset = await datasetOfModel(ctx, request.studentModelId, note);
    const found = await referenceRankings(dataset, request.source.strategy, request.source.budget);
    note(`${found.rankings.length} sessions of the paper's ${request.source.strategy} selection with recorded GPT-4 answers` +
      ` (${found.missingRows} selected rows without one skipped, ${found.droppedIds} ids outside the catalogue dropped)`);
    source = { kind: 'rankings', rankings: found.rankings };
  } else if (request.source.kind === 'select') {
    const { strategy, teacherModelId, budget } = request.source;
    const dataset = await datasetOfModel(ctx, request.studentModelId, note);
    const prisma = await prepareDatabase(ctx, note);
    try {
      const found = await ownSelectionRankings(prisma, { dataset, teacherModelId, strategy, budget, seed: request.seed });
      note(`${strategy} selected ${found.rankings.length} sessions by the teacher's difficulty from the ${found.poolSize} training` +
        ` sessions with a recorded GPT-4 answer (replay: the pool is restricted to those; ${found.droppedIds} ids outside the catalogue dropped)`);
      source = { kind: 'rankings', rankings: found.rankings };
    } finally {
      await prisma.$disconnect();
    }
  } else {
    source = request.source;
  }
  const payload: DistillPayload = { studentModelId: request.studentModelId, seed: request.seed, source,
    batchSize: 1024, learningRate: 1e-3, maxSteps: 10_000, evalEvery: 20, patience: 20 };
  const label = request.source.kind === 'teacher-top50' ? 'tr' : `${request.source.kind}-${request.source.strategy}${request.source.budget}`;
  const jobId = deterministicJobId(TrainerJob.Distill, [request.studentModelId, label, `s${request.seed}`], payload);
  const { result } = await runTrainerJob(ctx, { name: TrainerJob.Distill, payload, jobId, result: DistillResult }, run);
  printResult(ctx, run.json, { command: 'distill', jobId, result }, formatDistillResult(result));
}

async function datasetOfModel(ctx: CliContext, modelId: string, note: (text: string) => void): Promise<string> {
  const prisma = await prepareDatabase(ctx, note);
  try {
    const model = await prisma.model.findUnique({ where: { id: modelId }, select: { dataset: { select: { name: true } } } });
    if (!model) throw new CliError(`model ${modelId} does not exist (train it first: alkdrec train …)`);
    return model.dataset.name;
  } finally {
    await prisma.$disconnect();
  }
}
