import { z } from 'zod';
import { RunCancellation, RunEvent, RunSubmission } from '../run-commands';
import { RunSpec } from '../run-jobs';
import { RunListPage, RunState, RunView } from '../run-views';

/**
 * The runs routes' bodies and answers: the run client's contracts (RunSpec, RunView, RunListQuery,
 * RunEvent, …) as the api shows them. One list of names, so the routes, the OpenAPI document and
 * the client agree.
 */

/** A run's id as runIdOf writes it (`<dataset>.<backbone>.<strategy>.<provider>.b<budget>.s<seed>[.m<steps>]`). */
export const RunId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,199}$/, 'not a run id (lower-case letters, digits, ".", "_", "-")');

export const RunParams = z.strictObject({ id: RunId });

/** POST /v1/runs: a RunSpec, with unknown fields refused by name (a typo is not silently dropped). */
export const RunCreateBody = z.strictObject(RunSpec.shape).meta({ id: 'RunSpec' });
export type RunCreateBody = z.infer<typeof RunCreateBody>;

/** Where a run is read: GET on it, `/events` for its progress. */
export function runLocation(runId: string): string {
  return `/v1/runs/${encodeURIComponent(runId)}`;
}

/**
 * What POST /v1/runs did (RunClient.submit): `origin` added (queued: new, or a FAILED / CANCELLED
 * run resumed, `previousState` says which), existing (RUNNING already: nothing added), finished
 * (SUCCEEDED already: nothing queued); `state` is the run's state now.
 */
export const RunAccepted = z
  .object({
    runId: z.string(),
    state: RunState,
    origin: RunSubmission.shape.origin,
    previousState: RunState.nullable(),
    /** The run's path: GET it, or follow `<location>/events`. */
    location: z.string(),
  })
  .meta({ id: 'RunAccepted' });
export type RunAccepted = z.infer<typeof RunAccepted>;

/** POST /v1/runs/:id/resume: `resumed` (RUNNING again, its driver queued) or `running` (it already was). */
export const RunResumed = z
  .object({
    runId: z.string(),
    state: RunState,
    origin: z.enum(['resumed', 'running']),
    previousState: RunState,
    location: z.string(),
  })
  .meta({ id: 'RunResumed' });
export type RunResumed = z.infer<typeof RunResumed>;

export const Run = RunView.meta({ id: 'Run' });
export const RunList = RunListPage.meta({ id: 'RunList' });
export const CancelledRun = RunCancellation.meta({ id: 'RunCancellation' });

/**
 * GET /v1/runs/:id/events: Server-Sent Events named by RunEvent's `type`, each with the RunEvent as
 * its JSON `data`; the stream ends after a state in which the run is not driven (RUN_STATE_DRIVEN).
 */
export const RUN_EVENT_NAMES = RunEvent.options.map((option) => option.shape.type.value);
