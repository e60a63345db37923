import type { Backbone, ExperimentCell, ExperimentGrid, RunStrategy } from '@alkdrec/contracts';
import type { RankMetrics } from '../statistics';

/** A stored test evaluation: the metrics and each test session's 0-based rank of the true item, in `ordinal` order. */
export interface EvaluationData {
  metrics: RankMetrics;
  ranks: readonly number[];
}

export type RunStatusName = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** One cell of the grid and what the database holds for it. */
export interface CellData {
  cell: ExperimentCell;
  /** The status of the cell's run; null when it was never submitted. */
  runStatus: RunStatusName | null;
  /** The cell's model's test evaluation under the session rule (null: not evaluated yet). */
  evaluation: EvaluationData | null;
  /** The same model under the window rule, when it was evaluated so (the grid's windowExclusion cells). */
  windowEvaluation: EvaluationData | null;
}

/** One drawn session of a run: where the policy drew it and whether the LLM and the student got it right. */
export interface SelectionPick {
  /** Difficulty rank in the pool at its draw (1 = hardest). */
  rank: number;
  /** p* at its draw. */
  probability: number;
  /** Whether the LLM answered with a ranking (replay: the recorded answer exists and parsed). */
  answered: boolean;
  /** The true next item is within the top 25 of the LLM's ranking (null when not answered). */
  llmRight: boolean | null;
  /** The run's student ranks the true next item below 25 over the full catalogue; null without a stored student prediction. */
  studentRight: boolean | null;
}

/** What an LLM-asking run used: the calls a live run would send and, when the ledger has them, their tokens. */
export interface LlmUsage {
  /** Sessions asked (one ranking call each). */
  calls: number;
  /** The calls' token counts from the ledger (empty under replay, which records no tokens). */
  tokens: readonly { model: string; inputTokens: number; outputTokens: number }[];
}

/** A strategy run of the grid (the runs distilled cells come from). */
export interface RunData {
  runId: string;
  dataset: string;
  backbone: Backbone;
  strategy: RunStrategy;
  seed: number;
  budget: number;
  status: RunStatusName;
  /** Sessions the policy drew from (replay: those with a recorded answer); null for TR. */
  poolSize: number | null;
  poolNote: string | null;
  /** In draw order. */
  selections: readonly SelectionPick[];
  llm: LlmUsage;
}

/** The authors' five reference selections against replay's recordings (bundled datasets only). */
export interface ReferenceUnion {
  /** Distinct sessions in the union of the five selections. */
  unionSessions: number;
  /** Of those, sessions with a recorded answer. */
  unionRecorded: number;
  /** Sessions with a recorded answer (replay's pool, before the split's training filter). */
  recordedSessions: number;
}

export interface DatasetData {
  name: string;
  trainCount: number;
  testCount: number;
  /** Null when the dataset ships no reference selections or its recordings are unusable. */
  referenceUnion?: ReferenceUnion | null;
}

/** Everything the report reads, as plain data: the CLI loads it from PostgreSQL, tests build it by hand. */
export interface ReportInput {
  grid: ExperimentGrid;
  cells: readonly CellData[];
  runs: readonly RunData[];
  datasets: readonly DatasetData[];
}

/** A dataset × backbone: one table, one panel of each figure. */
export interface Panel {
  dataset: string;
  backbone: Backbone;
}
