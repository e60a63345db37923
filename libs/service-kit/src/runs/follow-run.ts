import { RunJobResult, RunProgress, RunResult, runJobId, RunStageName, type RunState } from '@alkdrec/contracts';
import { runResultOf, type RunRepository } from '@alkdrec/db';
import type { Job, Queue, QueueEvents } from 'bullmq';
import { watchJobProgress } from '../jobs/follow-job';
import { JobFailedError } from '../jobs/job-failed-error';
import { jobIsLive } from '../jobs/job-states';
import { JobVanishedError } from '../jobs/job-vanished-error';
import { waitForJob } from '../jobs/wait-for-job';
import { RunCancelledError, RunFailedError, RunJobLostError, RunNotFoundError } from './run-errors';

/**
 * How long, after Redis lost a followed run's job, a selector has to drive it again: 2 × the
 * selector's RUNS_REDRIVE_INTERVAL_MS (15 s) + 15 s, so one missed re-drive pass is not fatal.
 */
export const RUN_REDRIVE_WAIT_MS = 45_000;
const LOOK_AGAIN_MS = 5_000;

export interface FollowRunOptions {
  /** Every progress report of the run's driver (and, first, where it is now). */
  onProgress?(progress: RunProgress): void;
  /** What happened on the way, in a sentence: Redis lost the job, the job is back, Redis unreachable. */
  onNote?(text: string): void;
  /** Stops following (rejects with the signal's reason); the run goes on. */
  signal?: AbortSignal;
}

export interface FollowContext {
  runs: RunRepository;
  queue: Queue;
  events: QueueEvents;
  redriveWaitMs?: number;
  checkEveryMs?: number;
}

/**
 * Follows a run to its end (RunClient.follow). PostgreSQL says whether it has ended; Redis carries
 * its driver job. Redis losing the job (a restart without persistence, a flush) does not lose the
 * run: its state is in PostgreSQL and a selector drives every RUNNING run again under the same job
 * id (the selector's RunRedriver). So this says what happened, waits up to `redriveWaitMs` for a live
 * job and follows it again — progress is watched by job id, so it shows again too — or fails with
 * RunJobLostError. A job that ended while the run is still RUNNING (resumed meanwhile) is waited for
 * the same way.
 */
export async function followRun(ctx: FollowContext, runId: string, options: FollowRunOptions): Promise<RunResult> {
  const jobId = runJobId(runId);
  const note = (text: string) => options.onNote?.(text);
  const unwatch = watchJobProgress(ctx.events, jobId, (p) => options.onProgress?.(p), RunProgress);
  try {
    await ctx.events.waitUntilReady();
    let shown = false;
    /** The job last waited on (by its creation time): one that ended is not waited on again. */
    let consumed: number | undefined;
    for (;;) {
      const status = await ctx.runs.status(runId);
      if (status !== undefined && status !== 'RUNNING') return await ended(ctx.runs, runId, status);
      const found = await ctx.queue.getJob(jobId);
      const state = found ? await found.getState() : 'unknown';
      let job = found && usable(found, state, consumed) ? found : undefined;
      if (!job) {
        if (status === undefined) throw new RunNotFoundError(runId);
        // A job that has just ended: the driver writes the run's end first, so look again.
        if (state !== 'unknown' && (await ctx.runs.status(runId)) !== 'RUNNING') continue;
        const wait = seconds(waitMs(ctx));
        note(
          state === 'unknown'
            ? `Redis lost the run's job (${jobId}); waiting up to ${wait} for the selector to re-drive it from PostgreSQL`
            : `run ${runId} is RUNNING but its job (${jobId}) has ended; waiting up to ${wait} for the selector to drive it again`,
        );
        job = await redriven(ctx, runId, jobId, consumed, options.signal);
        if (!job) continue; // the run ended meanwhile
        note(`the selector re-drove run ${runId}; following it again`);
      }
      if (!shown) {
        // A run under way shows where it is now rather than at its next report.
        const current = RunProgress.safeParse(job.progress);
        if (current.success) options.onProgress?.(current.data);
        shown = true;
      }
      const value = await waitOn(ctx, job, runId, options, note);
      consumed = job.timestamp;
      if (value === undefined) continue;
      const result = RunJobResult.safeParse(value);
      if (result.success && 'spec' in result.data) return result.data;
      // Cancelled (or an unreadable result): the database says how the run ended, or that it goes on.
    }
  } finally {
    unwatch();
  }
}

/** The job's return value; undefined when Redis lost it (a note says so) or it failed while the run goes on. */
async function waitOn(ctx: FollowContext, job: Job, runId: string, options: FollowRunOptions, note: (text: string) => void): Promise<unknown> {
  let unreachable = false;
  const onUnreachable = (error: Error) => {
    if (!unreachable) note(`cannot reach Redis (${error.message}); still waiting for run ${runId}`);
    unreachable = true;
  };
  try {
    return await waitForJob(
      { job, queue: ctx.queue, events: ctx.events },
      { onUnreachable, ...(ctx.checkEveryMs ? { checkEveryMs: ctx.checkEveryMs } : {}), ...(options.signal ? { signal: options.signal } : {}) },
    );
  } catch (error) {
    if (error instanceof JobVanishedError) return undefined;
    if (!(error instanceof JobFailedError)) throw error;
    // The driver stores a failure on the run before its job fails; one that could not (no row, or
    // the database away) is reported with the job's reason.
    if ((await ctx.runs.status(runId)) === 'FAILED') return undefined;
    throw new RunFailedError(runId, error.reason);
  }
}

/** How a run that is no longer RUNNING ended: its RunResult, or the error that says why not. */
async function ended(runs: RunRepository, runId: string, status: Exclude<RunState, 'RUNNING'>): Promise<RunResult> {
  const view = await runs.view(runId);
  if (!view) throw new RunNotFoundError(runId);
  switch (status) {
    case 'SUCCEEDED':
      // Finished before this follow: every stage counts as finished earlier, this attempt took nothing.
      return runResultOf(view, { since: new Date(), wallMs: 0 });
    case 'FAILED':
      throw new RunFailedError(runId, view.error ?? 'no reason was stored');
    case 'CANCELLED': {
      const stage = view.stages.find((s) => s.state === 'CANCELLED')?.name;
      throw new RunCancelledError(runId, RunStageName.safeParse(stage).data ?? null);
    }
  }
}

/** A job to wait on: live, or one added since the last that was waited on (it may have finished already). */
function usable(job: Job, state: string, consumed: number | undefined): boolean {
  return jobIsLive(state as Parameters<typeof jobIsLive>[0]) || (state !== 'unknown' && job.timestamp !== consumed);
}

/**
 * The run's job once a selector has added it again; undefined when the run ended meanwhile;
 * RunJobLostError when neither happens within the wait.
 */
async function redriven(ctx: FollowContext, runId: string, jobId: string, consumed: number | undefined, signal: AbortSignal | undefined): Promise<Job | undefined> {
  const deadline = Date.now() + waitMs(ctx);
  let unreachable: Error | undefined;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const job = await ctx.queue.getJob(jobId);
      if (job && usable(job, await job.getState(), consumed)) return job;
      unreachable = undefined;
    } catch (error) {
      unreachable = error as Error;
    }
    const status = await ctx.runs.status(runId);
    if (status !== 'RUNNING') return undefined;
    const left = deadline - Date.now();
    if (left <= 0) throw new RunJobLostError(runId, waitMs(ctx), unreachable?.message);
    await new Promise((resolve) => setTimeout(resolve, Math.min(ctx.checkEveryMs ?? LOOK_AGAIN_MS, left)));
  }
}

function waitMs(ctx: FollowContext): number {
  return ctx.redriveWaitMs ?? RUN_REDRIVE_WAIT_MS;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
