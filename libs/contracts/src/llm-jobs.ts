import { z } from 'zod';
import { DatasetName } from './domain';
import { RunProvider } from './run-jobs';

/** Job names on the LLM queues; one processor per queue switches on these. */
export const LlmRankingJob = { Rank: 'rank' } as const;
export type LlmRankingJob = (typeof LlmRankingJob)[keyof typeof LlmRankingJob];
export const LlmHintsJob = { Summarise: 'summarise' } as const;
export type LlmHintsJob = (typeof LlmHintsJob)[keyof typeof LlmHintsJob];

/**
 * A run groups the LLM calls that share one budget (e.g. "rank the 500 selected sessions of
 * Games"). It is part of every job id, so keep it plain (BullMQ job ids may not contain ":").
 */
export const LlmRunId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'run ids are letters, digits, ".", "_" or "-" (at most 80)');

const ItemIndex = z.number().int().min(0);

/** Module 2 for one training session (REFERENCE §4). Items are 0-based item indices of the dataset. */
export const LlmRankingPayload = z
  .object({
    runId: LlmRunId,
    dataset: DatasetName,
    /** 0-based line of the session in sessions.jsonl: the key of the recorded rankings (replay). */
    row: z.number().int().min(0),
    /** The session's items, oldest first, as the prompt should show them. */
    sessionItems: z.array(ItemIndex).min(1),
    /** The teacher's top-50 in its order with the true item in place of the last (`rankingCandidates`). */
    candidates: z.array(ItemIndex).min(1).max(500),
    nextItem: ItemIndex,
    /** The dataset's hints from Module 1; empty omits the section. */
    hints: z.array(z.string()),
    /** The provider the run was planned for: a worker serving another refuses the job rather than mix answers. */
    provider: RunProvider.optional(),
  })
  .refine((p) => new Set(p.candidates).size === p.candidates.length, { message: 'candidates repeat an item', path: ['candidates'] })
  .refine((p) => p.candidates.includes(p.nextItem), { message: 'the next item must be among the candidates', path: ['nextItem'] });
export type LlmRankingPayload = z.infer<typeof LlmRankingPayload>;

/**
 * How a ranking job ended. Every job ends with one of these, so a run can account for all its
 * sessions: `not-available` (replay had no recording), `parse-failed` (no usable id even after the
 * corrective retry), `budget-exhausted` (the run's budget refused the call; nothing was sent).
 */
export const LlmRankingStatus = z.enum(['ranked', 'not-available', 'parse-failed', 'budget-exhausted']);
export type LlmRankingStatus = z.infer<typeof LlmRankingStatus>;

export const LlmRankingResult = z.object({
  runId: LlmRunId,
  row: z.number().int().min(0),
  status: LlmRankingStatus,
  /** Item indices, best first; empty unless `ranked`. */
  ranking: z.array(ItemIndex),
  /** 0-based position of the next item in `ranking`; null when absent (the paper's "25"). */
  truePosition: z.number().int().min(0).nullable(),
  /** Ids in the answer that are not items of the dataset (replay: recorded ids we do not know), dropped. */
  droppedIds: z.number().int().min(0),
  /** What this job paid; 0 when every answer came from the response store. */
  costUsd: z.number().min(0),
  /** True when no provider call was paid for: every answer used came from the response store. */
  cached: z.boolean(),
  /** LLM calls that produced the outcome: 1, or 2 after a corrective retry. */
  attempts: z.number().int().min(0),
});
export type LlmRankingResult = z.infer<typeof LlmRankingResult>;

/** Module 1: the sampled sessions with the teacher's top-20 (true item swapped in), as item indices. */
export const LlmHintsPayload = z.object({
  runId: LlmRunId,
  dataset: DatasetName,
  samples: z
    .array(z.object({ sessionItems: z.array(ItemIndex).min(1), recommended: z.array(ItemIndex).min(1) }))
    .min(1)
    .max(100),
  /** As in the ranking payload: a worker serving another provider refuses the job. */
  provider: RunProvider.optional(),
});
export type LlmHintsPayload = z.infer<typeof LlmHintsPayload>;

export const LlmHintsStatus = z.enum(['summarised', 'not-available', 'budget-exhausted']);
export type LlmHintsStatus = z.infer<typeof LlmHintsStatus>;

export const LlmHintsResult = z.object({
  runId: LlmRunId,
  status: LlmHintsStatus,
  /** Empty unless `summarised`. */
  hints: z.array(z.string()),
  costUsd: z.number().min(0),
  cached: z.boolean(),
});
export type LlmHintsResult = z.infer<typeof LlmHintsResult>;

/** Progress of both LLM jobs; a corrective retry shows as `correcting`. */
export const LlmJobProgress = z.object({
  phase: z.enum(['prompting', 'calling', 'correcting', 'done']),
  /** LLM calls made so far by this job. */
  calls: z.number().int().min(0),
});
export type LlmJobProgress = z.infer<typeof LlmJobProgress>;

/** One typed registry per queue: job name → payload and result schemas, parsed on both ends. */
export const llmRankingJobs = {
  [LlmRankingJob.Rank]: { payload: LlmRankingPayload, result: LlmRankingResult },
} as const;
export const llmHintsJobs = {
  [LlmHintsJob.Summarise]: { payload: LlmHintsPayload, result: LlmHintsResult },
} as const;

/** Deterministic job ids: the same session in the same run joins the job already there (idempotent). */
export function llmRankingJobId(runId: string, row: number): string {
  return `rank-${runId}-${row}`;
}
export function llmHintsJobId(runId: string): string {
  return `hints-${runId}`;
}
