import { TrainerJob, TrainResult, type TrainSpec, deterministicJobId } from '@alkdrec/contracts';
import type { JobRunOptions } from '../args/parsed-command';
import { ensureDataset } from '../dataset/ensure-dataset';
import { formatImportSummary } from '../dataset/import.command';
import { prepareDatabase } from '../dataset/prepare-database';
import { formatTrainResult } from '../output/result-tables';
import { printResult, type CliContext } from './cli-context';
import { runTrainerJob } from './run-trainer-job';

/** `alkdrec train`: dataset in place (migrate, import a bundled one), then a train job. */
export async function trainCommand(ctx: CliContext, spec: TrainSpec, run: JobRunOptions): Promise<void> {
  const note = (text: string) => ctx.stderr.write(`[train] ${text}\n`);
  const prisma = await prepareDatabase(ctx, note);
  try {
    const imported = await ensureDataset(prisma, spec.dataset, note);
    if (imported) note(`imported:\n${formatImportSummary(imported)}`);
  } finally {
    await prisma.$disconnect();
  }

  const jobId = deterministicJobId(TrainerJob.Train, [spec.dataset, spec.backbone, spec.role, `s${spec.seed}`], spec);
  const { result } = await runTrainerJob(ctx, { name: TrainerJob.Train, payload: spec, jobId, result: TrainResult }, run);
  printResult(ctx, run.json, { command: 'train', jobId, spec, result }, formatTrainResult(result));
}
