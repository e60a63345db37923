import { parseContract, TrainerProgress } from '@alkdrec/contracts';
import type { QueueEvents } from 'bullmq';
import type { z } from 'zod';
import { waitForJob, type JobTarget, type WaitOptions } from './wait-for-job';

export interface FollowOptions<S extends z.ZodType> {
  /** The job's result contract; the result is parsed on this end too. */
  result: S;
  /** Called with every progress report of this job that matches the TrainerProgress contract. */
  onProgress?: (progress: TrainerProgress) => void;
}

/**
 * Calls `onProgress` with every progress report of job `jobId` that matches the progress contract
 * (the trainer's unless another is given); returns the unsubscribe function. Subscribe before the job can start (before adding it
 * or starting a trainer): QueueEvents delivers only events published while listening.
 */
export function watchJobProgress<P extends z.ZodType = typeof TrainerProgress>(
  events: QueueEvents,
  jobId: string,
  onProgress: (progress: z.infer<P>) => void,
  contract: P = TrainerProgress as unknown as P,
): () => void {
  const listener = ({ jobId: id, data }: { jobId: string; data: unknown }) => {
    if (id !== jobId) return;
    const progress = contract.safeParse(data);
    if (progress.success) onProgress(progress.data);
  };
  events.on('progress', listener);
  return () => events.off('progress', listener);
}

/**
 * Waits for a job to finish (waitForJob: a job Redis lost rejects with JobVanishedError) and
 * returns its result, parsed with the job's result contract; throws JobFailedError with BullMQ's
 * reason once the job failed for good (after its retries).
 */
export async function waitForResult<S extends z.ZodType>(target: JobTarget, result: S, options: WaitOptions = {}): Promise<z.infer<S>> {
  return parseContract(result, await waitForJob(target, options), `${target.job.name} result`);
}

/** watchJobProgress + waitForResult, for a job whose progress may only start now. */
export async function followJob<S extends z.ZodType>(target: JobTarget, options: FollowOptions<S>): Promise<z.infer<S>> {
  const stop = watchJobProgress(target.events, target.job.id as string, (p) => options.onProgress?.(p));
  try {
    return await waitForResult(target, options.result);
  } finally {
    stop();
  }
}
