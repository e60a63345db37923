import { EvaluateResult, TrainerJob, type EvaluatePayload, deterministicJobId } from '@alkdrec/contracts';
import type { JobRunOptions } from '../args/parsed-command';
import { formatEvaluateResult } from '../output/result-tables';
import { printResult, type CliContext } from './cli-context';
import { runTrainerJob } from './run-trainer-job';

/** `alkdrec evaluate`: recall and NDCG of a trained model on a split under an exclusion rule, computed by the trainer. */
export async function evaluateCommand(ctx: CliContext, payload: EvaluatePayload, run: JobRunOptions): Promise<void> {
  const jobId = deterministicJobId(TrainerJob.Evaluate, [payload.modelId, payload.split, payload.exclusion], payload);
  const { result } = await runTrainerJob(ctx, { name: TrainerJob.Evaluate, payload, jobId, result: EvaluateResult }, run);
  printResult(ctx, run.json, { command: 'evaluate', jobId, result }, formatEvaluateResult(result));
}
