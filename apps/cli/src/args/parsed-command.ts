import type { EvaluatePayload, PredictPayload, RunListQuery, RunSpec, TrainSpec } from '@alkdrec/contracts';
import type { DistillSource } from '../commands/distill.command';
import type { ExperimentOptions } from '../experiment/experiment.command';
import type { ReportOptions } from '../report/report.command';

/** How a trainer-job command runs, common to train, evaluate and predict. */
export interface JobRunOptions {
  /** Print one JSON document on stdout instead of tables (progress still goes to stderr). */
  json: boolean;
  /** Start the services a command needs (a trainer; for run also a selector and an llm-worker) when none is connected. */
  spawn: boolean;
}

/**
 * What `alkdrec import` does: import a bundled dataset (with its own metadata.json), import files
 * (with an optional metadata file), or — `--update-metadata` — replace an imported dataset's
 * metadata only, from its bundled metadata.json or a given file (docs/data.md, "Dataset metadata").
 */
export type ImportSource =
  | { kind: 'bundled'; dataset: string }
  | { kind: 'files'; name: string; itemsPath: string; sessionsPath: string; metadataPath?: string }
  | { kind: 'update-metadata'; name: string; from: { bundled: true } | { bundled: false; metadataPath: string } };

/** What the command line asked for, fully validated; running it is someone else's job. */
export type ParsedCommand =
  | { command: 'import'; source: ImportSource; json: boolean }
  | { command: 'run'; spec: RunSpec; run: JobRunOptions }
  | { command: 'experiment'; options: ExperimentOptions }
  | { command: 'report'; options: ReportOptions }
  | { command: 'resume'; runId: string; run: JobRunOptions }
  | { command: 'cancel'; runId: string; json: boolean }
  | { command: 'runs'; query: RunListQuery; json: boolean }
  | { command: 'train'; spec: TrainSpec; run: JobRunOptions }
  | { command: 'evaluate'; payload: EvaluatePayload; run: JobRunOptions }
  | { command: 'predict'; payload: PredictPayload; run: JobRunOptions }
  | { command: 'distill'; studentModelId: string; seed: number; source: DistillSource; run: JobRunOptions }
  | { command: 'export'; modelId: string; outDir: string; json: boolean }
  /** Help or version was printed; nothing else to do. */
  | { command: 'none' };

/** The command and the options that apply to every command. */
export interface ParsedInvocation {
  command: ParsedCommand;
  /** --verbose: stack traces for unexpected errors. */
  verbose: boolean;
}
