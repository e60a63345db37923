import { RunResult } from '@alkdrec/contracts';
import { JobVanishedError, waitForResult } from '@alkdrec/service-kit';
import type { Job, Queue, QueueEvents } from 'bullmq';
import { CliError, ExitCode } from '../cli-error';

export interface FollowRunOptions {
  /** The run queue (a producer: fails fast while Redis is away) and its event stream. */
  queue: Queue;
  events: QueueEvents;
  runId: string;
  /** After Redis lost the run's job, how long a selector has to re-drive it (RUNS_REDRIVE_WAIT_MS). */
  redriveWaitMs: number;
  /** Where the command's notes go (stderr). */
  note(text: string): void;
  /** How often the job is looked at while waiting (default: waitForJob's 5 s). */
  checkEveryMs?: number;
}

const LOOK_AGAIN_MS = 5_000;

/**
 * Follows a run's driver job to its result. Redis losing the job (a restart without persistence,
 * a flush) does not lose the run: its state is in PostgreSQL and a selector re-drives every
 * unfinished run under the same job id (the selector's RunRedriver). So the command says what
 * happened, waits up to `redriveWaitMs` for the job to come back and follows it again — progress
 * is watched by job id, so it shows again too. When no job comes back it fails with exit 5
 * (ExitCode.JobLost), saying that the same command resumes the run.
 */
export async function followRun(job: Job, options: FollowRunOptions): Promise<RunResult> {
  const { queue, events, runId, note } = options;
  const jobId = job.id as string;
  let current = job;
  for (;;) {
    let unreachable = false;
    const onUnreachable = (error: Error) => {
      if (!unreachable) note(`cannot reach Redis (${error.message}); still waiting for run ${runId}`);
      unreachable = true;
    };
    const checkEveryMs = options.checkEveryMs;
    try {
      return await waitForResult({ job: current, queue, events }, RunResult, { onUnreachable, ...(checkEveryMs ? { checkEveryMs } : {}) });
    } catch (error) {
      if (!(error instanceof JobVanishedError)) throw error;
    }
    note(`Redis lost the run's job (${jobId}); waiting up to ${seconds(options.redriveWaitMs)} for the selector to re-drive it from PostgreSQL`);
    current = await redriven(options, jobId);
    note(`the selector re-drove run ${runId}; following it again`);
  }
}

/** The run's job once a selector has added it again; CliError (exit 5) when none does in time. */
async function redriven(options: FollowRunOptions, jobId: string): Promise<Job> {
  const deadline = Date.now() + options.redriveWaitMs;
  let unreachable: Error | undefined;
  for (;;) {
    try {
      const job = await options.queue.getJob(jobId);
      if (job) return job;
      unreachable = undefined;
    } catch (error) {
      unreachable = error as Error;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const why = unreachable ? ` (Redis is unreachable: ${unreachable.message})` : '';
      throw new CliError(
        `Redis lost run ${options.runId}'s job and no selector re-drove it within ${seconds(options.redriveWaitMs)}${why}. ` +
          'What the run finished is kept in PostgreSQL: run the same command again to resume it.',
        ExitCode.JobLost,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.checkEveryMs ?? LOOK_AGAIN_MS, left)));
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
