import { UnrecoverableError } from 'bullmq';
import { ContractViolation, parseContract, TrainerJob, trainerJobs } from '@alkdrec/contracts';
import { runDistillJob } from './distill-job';
import { runEvaluateJob } from './evaluate-job';
import { sharedTrainerJobContext, type TrainerJobContext } from './job-context';
import { runPredictJob } from './predict-job';
import type { TrainerJobHandle } from './progress';
import { runTrainJob } from './train-job';

/**
 * The trainer queue's one processor: parses the payload against the contract, runs the job, and
 * parses the result too, so both ends of the queue agree on the wire format.
 */
export async function handleTrainerJob(job: TrainerJobHandle, ctx?: TrainerJobContext): Promise<unknown> {
  const context = ctx ?? (await sharedTrainerJobContext());
  try {
    switch (job.name) {
      case TrainerJob.Train: {
        const c = trainerJobs[TrainerJob.Train];
        const result = await runTrainJob(context, job, parseContract(c.payload, job.data, `${job.name} payload`));
        return parseContract(c.result, result, `${job.name} result`);
      }
      case TrainerJob.Evaluate: {
        const c = trainerJobs[TrainerJob.Evaluate];
        const result = await runEvaluateJob(context, job, parseContract(c.payload, job.data, `${job.name} payload`));
        return parseContract(c.result, result, `${job.name} result`);
      }
      case TrainerJob.Predict: {
        const c = trainerJobs[TrainerJob.Predict];
        const result = await runPredictJob(context, job, parseContract(c.payload, job.data, `${job.name} payload`));
        return parseContract(c.result, result, `${job.name} result`);
      }
      case TrainerJob.Distill: {
        const c = trainerJobs[TrainerJob.Distill];
        const result = await runDistillJob(context, job, parseContract(c.payload, job.data, `${job.name} payload`));
        return parseContract(c.result, result, `${job.name} result`);
      }
      default:
        throw new UnrecoverableError(`the trainer has no handler for job "${job.name}"`);
    }
  } catch (error) {
    // A payload that breaks the contract will never succeed on retry.
    if (error instanceof ContractViolation) throw new UnrecoverableError(error.message);
    throw error;
  }
}
