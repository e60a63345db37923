import { UnrecoverableError } from 'bullmq';
import { ContractViolation, runUnderContract, TrainerJob, trainerJobs } from '@alkdrec/contracts';
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
      case TrainerJob.Train:
        return await runUnderContract(trainerJobs[TrainerJob.Train], job, (payload) => runTrainJob(context, job, payload));
      case TrainerJob.Evaluate:
        return await runUnderContract(trainerJobs[TrainerJob.Evaluate], job, (payload) => runEvaluateJob(context, job, payload));
      case TrainerJob.Predict:
        return await runUnderContract(trainerJobs[TrainerJob.Predict], job, (payload) => runPredictJob(context, job, payload));
      case TrainerJob.Distill:
        return await runUnderContract(trainerJobs[TrainerJob.Distill], job, (payload) => runDistillJob(context, job, payload));
      default:
        throw new UnrecoverableError(`the trainer has no handler for job "${job.name}"`);
    }
  } catch (error) {
    // A payload that breaks the contract will never succeed on retry.
    if (error instanceof ContractViolation) throw new UnrecoverableError(error.message);
    throw error;
  }
}
