import type { EventEmitter } from 'node:events';
import type { Job, Queue, QueueEvents } from 'bullmq';
import { JobFailedError } from './job-failed-error';
import { JobVanishedError } from './job-vanished-error';

/** How often a waited-for job's state is read, besides listening for its events. */
export const JOB_CHECK_EVERY_MS = 5_000;

/**
 * Checks in a row that must find the job missing before it counts as vanished: a single miss may
 * be a job that just finished and was removed (removeOnComplete) while its event is on its way.
 */
const MISSES_TO_VANISH = 2;

export interface JobTarget {
  job: Job;
  /** A producer queue of the job's queue (fails fast while Redis is away). */
  queue: Queue;
  events: QueueEvents;
}

export interface WaitOptions {
  /** How often the job's state is read (default JOB_CHECK_EVERY_MS). */
  checkEveryMs?: number;
  /** Stops waiting: the wait rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called when a check cannot reach Redis; the wait goes on. */
  onUnreachable?: (error: Error) => void;
}

/**
 * Waits for a job to finish and returns its (unparsed) return value; rejects with JobFailedError
 * once it failed for good (after its retries).
 *
 * BullMQ's `job.waitUntilFinished` only listens for the job's completed/failed event, so it never
 * settles for a job Redis lost (restarted without persistence, or flushed: the job and the event
 * stream are gone). Here the job's state is also read every `checkEveryMs`: missing on two checks in
 * a row rejects with JobVanishedError, and a finished job whose event was missed settles from its
 * stored outcome. A job added again under the same id (a re-driven run) is simply waited for.
 */
export function waitForJob({ job, queue, events }: JobTarget, options: WaitOptions = {}): Promise<unknown> {
  const jobId = job.id as string;
  const everyMs = options.checkEveryMs ?? JOB_CHECK_EVERY_MS;
  const { signal } = options;
  const completedEvent = `completed:${jobId}`;
  const failedEvent = `failed:${jobId}`;
  // QueueEvents also emits `<event>:<jobId>` for every job event (what BullMQ's own waitUntilFinished
  // listens to); its typings only list the plain names.
  const jobEvents = events as unknown as EventEmitter;

  return new Promise<unknown>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let misses = 0;

    const stop = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      jobEvents.off(completedEvent, onCompleted);
      jobEvents.off(failedEvent, onFailed);
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const succeed = (value: unknown) => {
      if (stop()) resolve(value);
    };
    const give = (error: unknown) => {
      if (stop()) reject(error);
    };
    const fail = (reason: string) => {
      if (stop()) void failure(queue, job, reason).then(reject);
    };
    const onCompleted = ({ returnvalue }: { returnvalue: unknown }) => succeed(returnvalue);
    const onFailed = ({ failedReason }: { failedReason: string }) => fail(failedReason);
    const onAbort = () => give(signal?.reason);

    const check = async (): Promise<void> => {
      if (settled) return;
      if (queue.closing) return void give(new Error(`stopped waiting for job ${jobId}: queue ${queue.name} was closed`));
      try {
        const state = await queue.getJobState(jobId);
        if (state === 'unknown') {
          misses += 1;
          if (misses >= MISSES_TO_VANISH) return void give(new JobVanishedError(queue.name, jobId));
        } else {
          misses = 0;
          if (state === 'completed' || state === 'failed') {
            // Finished without its event reaching us: the outcome is stored with the job.
            const finished = await queue.getJob(jobId);
            if (finished && state === 'completed') return void succeed(finished.returnvalue);
            if (finished) return void fail(finished.failedReason);
          }
        }
      } catch (error) {
        options.onUnreachable?.(error as Error);
      }
      if (!settled) timer = setTimeout(() => void check(), everyMs);
    };

    if (signal?.aborted) return void reject(signal.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    jobEvents.on(completedEvent, onCompleted);
    jobEvents.on(failedEvent, onFailed);
    // Listen first, then look: a job that finished before we listened is found by the first check.
    events.waitUntilReady().then(() => check(), give);
  });
}

async function failure(queue: Queue, job: Job, reason: string): Promise<Error> {
  // Re-read the job for the final attempt count; the event only carries the reason.
  const latest = await queue.getJob(job.id as string).catch(() => undefined);
  return new JobFailedError(job.id as string, job.name, latest?.failedReason || reason, latest?.attemptsMade ?? job.attemptsMade);
}
