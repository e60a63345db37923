import { z } from 'zod';
import { DatasetName } from './domain';
import { ModelReport, RunLlmReport, RunProgress, RunSpec, RunStageName, RunStrategy } from './run-jobs';

/**
 * A run's state, as PostgreSQL has it (the one list: the database enum, the read model and the
 * client derive from it). RUNNING: being driven, or waiting for a driver; SUCCEEDED and FAILED are
 * ends; CANCELLED: stopped on request — never re-driven, resumed only on request.
 */
export const RUN_STATES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export const RunState = z.enum(RUN_STATES);
export type RunState = z.infer<typeof RunState>;

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
  distilled: ModelReport.nullable(),
});
export type RunListItem = z.infer<typeof RunListItem>;

/** Where a page of the run list ends: the last run's creation time and id (newest first). */
export interface RunCursor {
  createdAt: Date;
  id: string;
}

/** An opaque cursor (base64url of the last run's creation time and id). */
export function encodeRunCursor(cursor: RunCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

/** The cursor's position, or undefined when it is not one of ours. */
export function decodeRunCursor(cursor: string): RunCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') return undefined;
    const createdAt = new Date(value[0]);
    return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id: value[1] };
  } catch {
    return undefined;
  }
}

/**
 * The run list's filters and page (query-string friendly: numbers are coerced). Newest first;
 * page with `cursor` (the previous page's `next`) or with `offset`, not both. Unknown fields are
 * refused, naming them.
 */
export const RunListQuery = z
  .strictObject({
    dataset: DatasetName.optional(),
    strategy: RunStrategy.optional(),
    state: RunState.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
    cursor: z
      .string()
      .max(400)
      .refine((cursor) => decodeRunCursor(cursor) !== undefined, 'not a cursor this service returned (use a page\'s "next")')
      .optional(),
  })
  .refine((query) => query.offset === undefined || query.cursor === undefined, { message: 'page with cursor or with offset, not both', path: ['cursor'] });
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
