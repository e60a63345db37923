import type { RunListPage, RunListQuery, RunProgress, RunView } from '@alkdrec/contracts';
import { toJsonValue } from '../json-value';
import type { PrismaClient, Run, RunSelection, RunStage, RunStatus } from '../prisma-client';
import { RunWasCancelled, StageAlreadySucceeded } from './run-state-errors';
import { listRuns, readRunPulse, readRunView, type RunPulse } from './run-view';

export { RunWasCancelled, StageAlreadySucceeded } from './run-state-errors';

export interface RunIdentity {
  id: string;
  datasetId: number;
  backbone: string;
  strategy: string;
  provider: string;
  budget: number;
  seed: number;
  /** The whole spec as submitted, defaults filled. */
  spec: unknown;
}

/** One drawn session, as the selection policy returned it. */
export interface SelectionInput {
  row: number;
  order: number;
  rank: number;
  probability: number;
  difficulty: number;
}

/** What the LLM answered for one selected session. */
export interface RankingOutcome {
  row: number;
  /** ranked, not-available, parse-failed, budget-exhausted, or failed (the job gave up). */
  status: string;
  ranking: readonly number[];
  costUsd: number;
}

export type RunModels = Partial<Pick<Run, 'teacherModelId' | 'studentModelId' | 'distilledModelId'>>;

/** What an ended stage was doing when its run was cancelled. */
export const STAGE_CANCELLED = 'cancelled';

/**
 * A run's state in PostgreSQL: the run, its stages and its selection. The selector's driver reads
 * it to know what is done (a SUCCEEDED stage is never redone) and writes each stage's outcome in
 * one transaction with the stage's completion, so a crash leaves either both or neither.
 *
 * Two drivers of one run (one whose Redis job was lost and has not noticed yet, and the re-driven
 * one) cannot undo each other: a SUCCEEDED stage is never started again or marked FAILED, and a
 * SUCCEEDED run is never marked FAILED. A CANCELLED run starts no stage and is never marked
 * SUCCEEDED or FAILED by a driver that has not noticed the cancel yet; only `open` with CANCELLED
 * among its `reopen` states (a resume asked for) makes it RUNNING again.
 */
export class RunRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Creates the run (RUNNING), or marks an existing one in a `reopen` state RUNNING again (a resume:
   * error and end cleared, stages kept); returns it as stored now. A driver reopens FAILED runs only
   * (a retried or resubmitted job resumes a failed run): a SUCCEEDED run stays as it is, and so does
   * a CANCELLED one, until a client resumes it (RunClient.submit / resume pass both).
   */
  async open(identity: RunIdentity, reopen: readonly RunStatus[] = ['FAILED']): Promise<Run> {
    const { id, spec, ...fields } = identity;
    // ON CONFLICT DO NOTHING: two openers racing create one row.
    await this.prisma.run.createMany({ data: [{ id, ...fields, spec: toJsonValue(spec) }], skipDuplicates: true });
    if (reopen.length > 0) {
      await this.prisma.run.updateMany({ where: { id, status: { in: [...reopen] } }, data: { status: 'RUNNING', error: null, finishedAt: null } });
    }
    return this.get(id);
  }

  find(runId: string): Promise<Run | null> {
    return this.prisma.run.findUnique({ where: { id: runId } });
  }

  async get(runId: string): Promise<Run> {
    const run = await this.find(runId);
    if (!run) throw new Error(`run ${runId} does not exist`);
    return run;
  }

  /** The run's stages by name. */
  async stages(runId: string): Promise<Map<string, RunStage>> {
    const stages = await this.prisma.runStage.findMany({ where: { runId } });
    return new Map(stages.map((stage) => [stage.name, stage]));
  }

  /**
   * Starts an attempt of a stage (RUNNING, attempts + 1). Refuses a stage that already succeeded
   * (StageAlreadySucceeded) and any stage of a cancelled run (RunWasCancelled).
   */
  async startStage(runId: string, name: string): Promise<RunStage> {
    return this.prisma.$transaction(async (tx) => {
      const run = await tx.run.findUnique({ where: { id: runId }, select: { status: true } });
      if (run?.status === 'CANCELLED') throw new RunWasCancelled(runId);
      const existing = await tx.runStage.findUnique({ where: { runId_name: { runId, name } } });
      if (existing?.status === 'SUCCEEDED') throw new StageAlreadySucceeded(runId, name);
      return tx.runStage.upsert({
        where: { runId_name: { runId, name } },
        create: { runId, name, status: 'RUNNING', attempts: 1, startedAt: new Date() },
        update: { status: 'RUNNING', attempts: { increment: 1 }, startedAt: new Date(), finishedAt: null, error: null },
      });
    });
  }

  /** Ends a stage successfully; `models` (ids the stage produced) are written with it. */
  async finishStage(runId: string, name: string, outcome: { wallMs: number; detail: string; models?: RunModels; hints?: string[] }): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.run.update({
        where: { id: runId },
        data: { ...(outcome.models ?? {}), ...(outcome.hints ? { hints: toJsonValue(outcome.hints) } : {}) },
      }),
      this.finishStageQuery(runId, name, outcome),
    ]);
  }

  /** Marks a stage FAILED with the error, unless it has succeeded (by another driver of the run). */
  async failStage(runId: string, name: string, error: string): Promise<void> {
    await this.prisma.runStage.updateMany({
      where: { runId, name, status: { not: 'SUCCEEDED' } },
      data: { status: 'FAILED', finishedAt: new Date(), error },
    });
  }

  /**
   * The select stage's outcome: the drawn sessions and the pool they came from, stored in one
   * transaction with the stage's success — so a selection exists exactly when its stage succeeded,
   * and a resumed run reads it back instead of drawing again. (skipDuplicates only spares a second
   * driver racing on the same run a key violation.)
   */
  async saveSelection(
    runId: string,
    input: { sessions: readonly SelectionInput[]; poolSize: number; poolNote: string; wallMs: number; detail: string },
  ): Promise<void> {
    for (const session of input.sessions) checkSelection(runId, session);
    await this.prisma.$transaction([
      this.prisma.runSelection.createMany({ data: input.sessions.map((s) => ({ runId, ...s })), skipDuplicates: true }),
      this.prisma.run.update({ where: { id: runId }, data: { poolSize: input.poolSize, poolNote: input.poolNote } }),
      this.finishStageQuery(runId, 'select', input),
    ]);
  }

  /** In draw order. */
  selection(runId: string): Promise<RunSelection[]> {
    return this.prisma.runSelection.findMany({ where: { runId }, orderBy: { order: 'asc' } });
  }

  /** Selected sessions the LLM has not answered yet, in draw order. */
  unanswered(runId: string): Promise<RunSelection[]> {
    return this.prisma.runSelection.findMany({ where: { runId, llmStatus: null }, orderBy: { order: 'asc' } });
  }

  /** Stores the LLM's outcomes (all or none). Rows not in the selection are refused. */
  async recordRankings(runId: string, outcomes: readonly RankingOutcome[]): Promise<number> {
    const updates = outcomes.map((outcome) =>
      this.prisma.runSelection.update({
        where: { runId_row: { runId, row: outcome.row } },
        data: { llmStatus: outcome.status, ranking: [...outcome.ranking], costUsd: outcome.costUsd },
      }),
    );
    await this.prisma.$transaction(updates);
    return updates.length;
  }

  /**
   * Ends the run; false when it was not ended here: FAILED never overwrites SUCCEEDED (another
   * driver of the run finished it), and neither end overwrites CANCELLED (cancelled meanwhile).
   */
  async finish(runId: string, status: 'SUCCEEDED' | 'FAILED', error?: string): Promise<boolean> {
    const data = { status, error: error ?? null, finishedAt: new Date() };
    const from: RunStatus[] = status === 'SUCCEEDED' ? ['RUNNING', 'FAILED', 'SUCCEEDED'] : ['RUNNING', 'FAILED'];
    const { count } = await this.prisma.run.updateMany({ where: { id: runId, status: { in: from } }, data });
    return count === 1;
  }

  /** Cancels a RUNNING run (its end is now); false when it was not RUNNING. */
  async cancel(runId: string): Promise<boolean> {
    const { count } = await this.prisma.run.updateMany({
      where: { id: runId, status: 'RUNNING' },
      data: { status: 'CANCELLED', error: null, finishedAt: new Date() },
    });
    return count === 1;
  }

  /** Marks the run's RUNNING stages CANCELLED (the attempt ends now); returns their names. */
  async cancelStages(runId: string): Promise<string[]> {
    return this.prisma.$transaction(async (tx) => {
      const running = await tx.runStage.findMany({ where: { runId, status: 'RUNNING' }, select: { name: true } });
      await tx.runStage.updateMany({
        where: { runId, status: 'RUNNING' },
        data: { status: 'CANCELLED', finishedAt: new Date(), error: STAGE_CANCELLED },
      });
      return running.map((stage) => stage.name);
    });
  }

  /** The run's status; undefined when there is no such run. */
  async status(runId: string): Promise<RunStatus | undefined> {
    return (await this.prisma.run.findUnique({ where: { id: runId }, select: { status: true } }))?.status;
  }

  /** Stores the driver's latest progress report (it throttles its own writes). */
  async saveProgress(runId: string, progress: RunProgress): Promise<void> {
    await this.prisma.run.updateMany({ where: { id: runId }, data: { progress: toJsonValue(progress), progressAt: new Date() } });
  }

  /** The read model of one run (PostgreSQL alone); undefined when there is no such run. */
  view(runId: string): Promise<RunView | undefined> {
    return readRunView(this.prisma, runId);
  }

  /** The run's state, current stage and stored progress (for watchers). */
  pulse(runId: string): Promise<RunPulse | undefined> {
    return readRunPulse(this.prisma, runId);
  }

  /** A page of runs, newest first, filtered (the query parsed with RunListQuery). */
  list(query: RunListQuery): Promise<RunListPage> {
    return listRuns(this.prisma, query);
  }

  /** Ids of the runs whose status is RUNNING: unfinished, each to be driven by its `run-<id>` job. */
  async unfinished(): Promise<string[]> {
    const runs = await this.prisma.run.findMany({ where: { status: 'RUNNING' }, select: { id: true }, orderBy: { createdAt: 'asc' } });
    return runs.map((run) => run.id);
  }

  private finishStageQuery(runId: string, name: string, outcome: { wallMs: number; detail: string }) {
    return this.prisma.runStage.update({
      where: { runId_name: { runId, name } },
      data: { status: 'SUCCEEDED', finishedAt: new Date(), wallMs: Math.round(outcome.wallMs), detail: outcome.detail, error: null },
    });
  }
}

function checkSelection(runId: string, session: SelectionInput): void {
  const where = `selection of run ${runId}, row ${session.row}`;
  if (!Number.isInteger(session.row) || session.row < 0) throw new RangeError(`${where}: row must be a non-negative integer`);
  if (!Number.isInteger(session.order) || session.order < 0) throw new RangeError(`${where}: order must be a non-negative integer`);
  if (!Number.isInteger(session.rank) || session.rank < 1) throw new RangeError(`${where}: rank must be a positive integer`);
  if (!(session.probability >= 0 && session.probability <= 1)) throw new RangeError(`${where}: probability must be in [0, 1]`);
  if (!Number.isFinite(session.difficulty)) throw new RangeError(`${where}: difficulty must be finite`);
}
