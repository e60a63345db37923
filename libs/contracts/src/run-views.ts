import { z } from 'zod';
import { cursorField, decodeCursor, encodeCursor, ONE_WAY_OF_PAGING, oneWayOfPaging, pageFields } from './api/paging';
import { DatasetName, EvalExclusion } from './domain';
import { ModelReport, RunLlmReport, RunProgress, RunSpec, RunStageName, RunStrategy } from './run-jobs';

/**
 * A run's state, as PostgreSQL has it (the one list: the database enum, the read model and the
 * client derive from it). RUNNING: being driven, or waiting for a driver; SUCCEEDED and FAILED are
 * ends; CANCELLED: stopped on request — never re-driven, resumed only on request.
 */
export const RUN_STATES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export const RunState = z.enum(RUN_STATES);
export type RunState = z.infer<typeof RunState>;

/**
 * Whether a run in this state is driven (or waits for a driver): watchers of a run (the api's event
 * stream) stop at the others, which change only on request (resume, submit).
 */
export const RUN_STATE_DRIVEN: Readonly<Record<RunState, boolean>> = { RUNNING: true, SUCCEEDED: false, FAILED: false, CANCELLED: false };

/** A stage's state; PENDING: not started yet (no attempt). */
export const RunStageState = z.enum(['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);
export type RunStageState = z.infer<typeof RunStageState>;

/** Times on the wire: ISO 8601 in UTC, e.g. 2026-11-28T02:00:00.000Z. */
const Timestamp = z.iso.datetime();

export const RunStageView = z.object({
  name: RunStageName,
  state: RunStageState,
  /** Attempts started (a crash, a retry, a resume after a failure or a cancel starts another). */
  attempts: z.number().int().min(0),
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  /** Wall time of the attempt that finished it; null until it has. */
  wallMs: z.number().int().min(0).nullable(),
  /** What it produced or reused, in a few words (once it succeeded). */
  detail: z.string().nullable(),
  /** Why its last attempt failed, or that it was cancelled. */
  error: z.string().nullable(),
});
export type RunStageView = z.infer<typeof RunStageView>;

/** The driver's latest progress report, stored in PostgreSQL (at most about once a second). */
export const RunProgressView = RunProgress.extend({ at: Timestamp });
export type RunProgressView = z.infer<typeof RunProgressView>;

/** The selection's summary; all zero / null for `tr`, or before the select stage. */
export const RunSelectionSummary = z.object({
  selected: z.number().int().min(0),
  /** Selected sessions by the LLM's outcome (ranked, not-available, …; `unanswered` until answered). */
  byLlmStatus: z.record(z.string(), z.number().int()),
  /** Sessions the policy drew from, and why those (replay: the ones with a recorded answer). */
  poolSize: z.number().int().nullable(),
  poolNote: z.string().nullable(),
  /** The teacher's difficulty of the selected sessions (REFERENCE §3), lowest and highest. */
  difficulty: z.object({ min: z.number(), max: z.number() }).nullable(),
});
export type RunSelectionSummary = z.infer<typeof RunSelectionSummary>;

/** Test metrics of the run's three models, each null until trained and tested. */
export const RunMetricsView = z.object({
  /** The rule all three ranked under: `session`, what training records (docs/metrics.md). */
  exclusion: EvalExclusion,
  student: ModelReport.nullable(),
  teacher: ModelReport.nullable(),
  distilled: ModelReport.nullable(),
});
export type RunMetricsView = z.infer<typeof RunMetricsView>;

/** Everything known about one run, read from PostgreSQL alone (no Redis needed). */
export const RunView = z.object({
  id: z.string(),
  spec: RunSpec,
  state: RunState,
  /** Why the run failed; null otherwise. */
  error: z.string().nullable(),
  createdAt: Timestamp,
  /** When it ended (succeeded, failed, cancelled); null while RUNNING. */
  finishedAt: Timestamp.nullable(),
  /** Every stage of its strategy, in order (stagesOf). */
  stages: z.array(RunStageView),
  progress: RunProgressView.nullable(),
  metrics: RunMetricsView,
  /** From the run's request ledger: requests, answers, faults, lost answers and cost. */
  llm: RunLlmReport,
  selection: RunSelectionSummary,
});
export type RunView = z.infer<typeof RunView>;

/** One line of the run list. */
export const RunListItem = RunView.pick({ id: true, spec: true, state: true, error: true, createdAt: true, finishedAt: true, progress: true }).extend({
  /** The stage running now, or the last one that ran (null before any). */
  stage: RunStageName.nullable(),
  stagesSucceeded: z.number().int().min(0),
  stageCount: z.number().int().min(1),
  student: ModelReport.nullable(),
  teacher: ModelReport.nullable(),
  distilled: ModelReport.nullable(),
  /** From the run's request ledger, as in the run's view: requests sent and what they cost (lost requests at their estimate). */
  llm: RunLlmReport.pick({ requests: true, costUsd: true }),
});
export type RunListItem = z.infer<typeof RunListItem>;

/**
 * The run list's cursor: the sort key of a page's last run (newest first) — its creation time (ISO
 * 8601) and id — in the api's one cursor format (api/paging.ts encodeCursor).
 */
export function runCursorOf(run: { createdAt: Date; id: string }): string {
  return encodeCursor([run.createdAt.toISOString(), run.id]);
}

/** Where a cursor of the run list says to go on from; undefined when it is not one of ours. */
export function runCursorPosition(cursor: string): { createdAt: Date; id: string } | undefined {
  const key = decodeCursor(cursor, 2);
  return key && isRunCursorKey(key) ? { createdAt: new Date(key[0] as string), id: key[1] as string } : undefined;
}

function isRunCursorKey([at]: string[]): boolean {
  return at !== undefined && !Number.isNaN(new Date(at).getTime());
}

/**
 * The run list's filters and page (query-string friendly: numbers are coerced). Newest first;
 * paged as every list of the api (api/paging.ts): `limit`, then `cursor` (the previous page's
 * `next`) or `offset`, not both. Unknown fields are refused, naming them.
 */
export const RunListQuery = z
  .strictObject({
    dataset: DatasetName.optional(),
    strategy: RunStrategy.optional(),
    state: RunState.optional(),
    ...pageFields,
    cursor: cursorField(2, isRunCursorKey),
  })
  .refine(oneWayOfPaging, ONE_WAY_OF_PAGING);
export type RunListQuery = z.infer<typeof RunListQuery>;
export type RunListQueryInput = z.input<typeof RunListQuery>;

export const RunListPage = z.object({
  runs: z.array(RunListItem),
  /** Runs matching the filters, on every page together. */
  total: z.number().int().min(0),
  /** The cursor of the next page; null on the last. */
  next: z.string().nullable(),
});
export type RunListPage = z.infer<typeof RunListPage>;
