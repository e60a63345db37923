import { parseContract, TrainerProgress } from '@alkdrec/contracts';
import type { Job, Queue, QueueEvents } from 'bullmq';
import type { z } from 'zod';
import { JobFailedError } from './job-failed-error';

export interface FollowOptions<S extends z.ZodType> {
  /** The job's result contract; the result is parsed on this end too. */
  result: S;
  /** Called with every progress report of this job that matches the TrainerProgress contract. */
  onProgress?: (progress: TrainerProgress) => void;
}

/**
 * Waits for a job to finish, reporting its progress, and returns its parsed result; throws
 * JobFailedError with BullMQ's reason once the job failed for good (after its retries).
 * `events` must be running (waitUntilReady) before the job can make progress, or reports are lost.
 */
export async function followJob<S extends z.ZodType>(
  { job, queue, events }: { job: Job; queue: Queue; events: QueueEvents },
  options: FollowOptions<S>,
): Promise<z.infer<S>> {
  const jobId = job.id as string;
  const onProgress = ({ jobId: id, data }: { jobId: string; data: unknown }) => {
    if (id !== jobId) return;
    const progress = TrainerProgress.safeParse(data);
    if (progress.success) options.onProgress?.(progress.data);
  };
  events.on('progress', onProgress);
  try {
    // A job already under way shows where it is at once rather than at its next report.
    onProgress({ jobId, data: job.progress });
    let value: unknown;
    try {
      value = await job.waitUntilFinished(events);
    } catch (error) {
      throw await failure(queue, job, error);
    }
    return parseContract(options.result, value, `${job.name} result`);
  } finally {
    events.off('progress', onProgress);
  }
}

async function failure(queue: Queue, job: Job, error: unknown): Promise<Error> {
  const reason = error instanceof Error ? error.message : String(error);
  // Re-read the job for the final attempt count; the event only carries the reason.
  const latest = await queue.getJob(job.id as string).catch(() => undefined);
  return new JobFailedError(job.id as string, job.name, latest?.failedReason || reason, latest?.attemptsMade ?? job.attemptsMade);
}
