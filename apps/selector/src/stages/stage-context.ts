import type { RunSpec } from '@alkdrec/contracts';
import type { PrismaClient, Run, RunModels, RunRepository } from '@alkdrec/db';
import type { QueueRegistry } from '@alkdrec/service-kit';
import type { DefaultJobOptions, FlowProducer } from 'bullmq';
import type { SubJobs } from '../jobs/sub-jobs';

/** What every stage may use: the database, the run's state, and the other services' queues. */
export interface StageDeps {
  prisma: PrismaClient;
  runs: RunRepository;
  subJobs: SubJobs;
  queues: QueueRegistry;
  flows: FlowProducer;
  /** Job options of a ranking fan-out (a flow does not apply the queues' defaults), from the validated config. */
  flowJobOptions: { ranking: DefaultJobOptions; collect: DefaultJobOptions };
}

export interface StageContext {
  deps: StageDeps;
  runId: string;
  spec: RunSpec;
  datasetId: number;
  /** Training sessions of the dataset. */
  trainCount: number;
  /**
   * Aborts when the selector shuts down (the run resumes later), when the driver's job is no longer
   * its own, or when the run is cancelled: the stage stops waiting (RunInterrupted).
   */
  signal: AbortSignal;
  /** The stage's own progress, shown as its bar. */
  progress(done: number, total: number, message?: string): void;
  /** The run as stored now (model ids of finished stages, hints). */
  run(): Promise<Run>;
  /**
   * Call before queueing work: throws RunInterrupted once the driver is stopped or the run is
   * CANCELLED in PostgreSQL (the signal follows the database only about once a second).
   */
  proceed(): Promise<void>;
}

/**
 * What a stage hands back for the driver to store with its success — or `recorded` when the stage
 * stored its outcome and its success in one transaction itself (the selection).
 */
export type StageOutcome = { detail: string; models?: RunModels; hints?: string[] } | { recorded: true };

export type Stage = (ctx: StageContext) => Promise<StageOutcome>;

/** A model id a finished stage stored on the run; a stage that needs it before it exists is a bug. */
export function required<T>(value: T | null | undefined, what: string, runId: string): T {
  if (value === null || value === undefined) throw new Error(`run ${runId} has no ${what} yet: its stage must finish first`);
  return value;
}
