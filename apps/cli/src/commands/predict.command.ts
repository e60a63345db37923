import { PredictResult, TrainerJob, type PredictPayload, deterministicJobId } from '@alkdrec/contracts';
import type { JobRunOptions } from '../args/parsed-command';
import { formatPredictResult } from '../output/result-tables';
import { printResult, type CliContext } from './cli-context';
import { runTrainerJob } from './run-trainer-job';

/** `alkdrec predict`: a model's top-K for every training session, stored by the trainer. */
export async function predictCommand(ctx: CliContext, payload: PredictPayload, run: JobRunOptions): Promise<void> {
  const jobId = deterministicJobId(TrainerJob.Predict, [payload.modelId, `top${payload.topK}`], payload);
  const { result } = await runTrainerJob(ctx, { name: TrainerJob.Predict, payload, jobId, result: PredictResult }, run);
  printResult(ctx, run.json, { command: 'predict', jobId, result }, formatPredictResult(result));
}
