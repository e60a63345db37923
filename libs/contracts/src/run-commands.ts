import { z } from 'zod';
import { RunProgress, RunStageName } from './run-jobs';
import { RunState } from './run-views';

/**
 * What submitting a run did (RunClient.submit). The same spec is the same run (runIdOf):
 * - `added`: its driver job was queued — a new run, or one that FAILED or was CANCELLED (resumed:
 *   `previousState` says which; its finished stages are kept);
 * - `existing`: it is RUNNING and its driver job is queued or running: nothing was added;
 * - `finished`: it SUCCEEDED already: nothing was queued, its result is in PostgreSQL.
 */
export const RunSubmission = z.object({
  runId: z.string(),
  jobId: z.string(),
  origin: z.enum(['added', 'existing', 'finished']),
  /** The run's state before this submission; null for a new run. */
  previousState: RunState.nullable(),
});
export type RunSubmission = z.infer<typeof RunSubmission>;

/** What cancelling did: the run is CANCELLED (`already`: it was before this call). */
export const RunCancellation = z.object({
  runId: z.string(),
  state: z.literal('CANCELLED'),
  /** The stage it was in when cancelled; null when it had not started one. */
  stage: RunStageName.nullable(),
  already: z.boolean(),
});
export type RunCancellation = z.infer<typeof RunCancellation>;

/**
 * What resuming did: `resumed` — a FAILED or CANCELLED run is RUNNING again and its driver job
 * queued (finished stages are kept); `running` and `finished` — nothing to do, it is RUNNING or
 * SUCCEEDED already.
 */
export const RunResumption = z.object({
  runId: z.string(),
  jobId: z.string(),
  origin: z.enum(['resumed', 'running', 'finished']),
  previousState: RunState,
});
export type RunResumption = z.infer<typeof RunResumption>;

/**
 * What a watcher of a run is told (RunClient.watch; the api's Server-Sent Events): its state — first
 * the current one, then each change — and its progress as the driver reports it.
 */
export const RunEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('state'),
    runId: z.string(),
    state: RunState,
    /** The stage running now, or where it ended (null before any). */
    stage: RunStageName.nullable(),
    error: z.string().nullable(),
  }),
  z.object({ type: z.literal('progress'), runId: z.string(), progress: RunProgress }),
]);
export type RunEvent = z.infer<typeof RunEvent>;
