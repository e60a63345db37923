import { runIdOf, stagesOf, type RunProgress, type RunResult, type RunSpec, type RunStageName } from '@alkdrec/contracts';
import { RunWasCancelled, StageAlreadySucceeded } from '@alkdrec/db';
import { JobVanishedError } from '@alkdrec/service-kit';
import { isCancellation, RunInterrupted, throwIfInterrupted } from '../jobs/run-interrupted';
import type { Stage, StageContext, StageDeps, StageOutcome } from '../stages/stage-context';
import { refuseReplayOfOtherContent } from './replay-guard';
import { runSummary } from './run-summary';
import { STAGES } from './stages';

export class DatasetNotImported extends Error {
  override name = 'DatasetNotImported';
}

/**
 * How often one driver enters a stage again because Redis lost a job the stage waited for, before
 * the stage fails with that loss: a bound against a loop, far above what one Redis restart causes.
 */
export const MAX_STAGE_REENTRIES = 5;

export interface DriveHooks {
  signal: AbortSignal;
  report(progress: RunProgress): void;
  /**
   * Whether this driver still holds the run's job in Redis; asked before entering a stage again
   * after Redis lost a job: when Redis lost the run's own job too, the re-driven job carries on.
   */
  holdsRun(): Promise<boolean>;
  /** Told each time a stage is entered again because Redis lost a job it waited for. */
  onStageReentered?(stage: RunStageName, lost: JobVanishedError): void;
}

/**
 * Runs an ALKDRec run's stages in order, skipping those the database says have succeeded (by an
 * earlier attempt, or a killed selector): a resumed run redoes nothing finished. Each stage's
 * outcome is stored with its success; a failure is stored on the stage and the run, then rethrown.
 * A stage whose job Redis lost (JobVanishedError) is entered again: stages are idempotent.
 *
 * A cancelled run (CANCELLED in PostgreSQL: the signal aborts with RunInterrupted('cancelled'),
 * starting a stage is refused, or the run was cancelled before this driver began) starts nothing
 * more: its RUNNING stage is marked CANCELLED and RunInterrupted('cancelled') is thrown, carrying
 * the stage. A run that has already SUCCEEDED is only summarised.
 */
export async function driveRun(spec: RunSpec, deps: StageDeps, hooks: DriveHooks, stages = STAGES): Promise<RunResult> {
  const started = performance.now();
  const runId = runIdOf(spec);
  const dataset = await deps.prisma.dataset.findUnique({ where: { name: spec.dataset }, select: { id: true, trainCount: true, source: true } });
  if (!dataset) throw new DatasetNotImported(`dataset ${spec.dataset} is not imported (run: alkdrec import --dataset ${spec.dataset})`);
  const run = await deps.runs.open({
    id: runId,
    datasetId: dataset.id,
    backbone: spec.backbone,
    strategy: spec.strategy,
    provider: spec.provider,
    budget: spec.budget,
    seed: spec.seed,
    spec,
  });
  if (run.status === 'SUCCEEDED') return runSummary(deps.prisma, runId, performance.now() - started);
  const names = stagesOf(spec.strategy);
  const stored = await deps.runs.stages(runId);
  const finished: RunStageName[] = names.filter((name) => stored.get(name)?.status === 'SUCCEEDED');
  let current: RunStageName | null = names.find((name) => stored.get(name)?.status === 'RUNNING') ?? null;
  try {
    if (run.status === 'CANCELLED') throw new RunInterrupted('cancelled');
    await refuseReplayOfOtherContent(spec, dataset);
    for (const [index, name] of names.entries()) {
      if (finished.includes(name)) continue;
      current = name;
      throwIfInterrupted(hooks.signal);
      const report = (done: number, total: number, message?: string) =>
        hooks.report({ stage: name, stageIndex: index, stageCount: names.length, done, total, finished: [...finished], ...(message ? { message } : {}) });
      if (!(await startStage(deps, runId, name))) {
        finished.push(name);
        continue;
      }
      report(0, 1);
      const stageStarted = performance.now();
      const ctx: StageContext = {
        deps,
        runId,
        spec,
        datasetId: dataset.id,
        trainCount: dataset.trainCount,
        signal: hooks.signal,
        progress: report,
        run: () => deps.runs.get(runId),
        proceed: () => proceed(deps, runId, hooks.signal),
      };
      try {
        const outcome = await runStage(stages[name], ctx, name, hooks);
        if (!('recorded' in outcome)) await deps.runs.finishStage(runId, name, { wallMs: performance.now() - stageStarted, ...outcome });
      } catch (error) {
        if (!(error instanceof RunInterrupted)) await deps.runs.failStage(runId, name, (error as Error).message);
        throw error;
      }
      finished.push(name);
    }
  } catch (error) {
    if (isCancellation(error)) throw await cancelled(deps, runId, current);
    if (!(error instanceof RunInterrupted)) await deps.runs.finish(runId, 'FAILED', (error as Error).message);
    throw error;
  }
  // Not ended here only when the run was cancelled after its last stage: it stays cancelled.
  if (!(await deps.runs.finish(runId, 'SUCCEEDED')) && (await deps.runs.status(runId)) === 'CANCELLED') throw await cancelled(deps, runId, null);
  return runSummary(deps.prisma, runId, performance.now() - started);
}

/** Marks the run's RUNNING stage CANCELLED; the interruption names the stage the driver was in. */
async function cancelled(deps: StageDeps, runId: string, current: RunStageName | null): Promise<RunInterrupted> {
  const stopped = await deps.runs.cancelStages(runId);
  return new RunInterrupted('cancelled', current ?? (stopped[0] as RunStageName | undefined) ?? null);
}

/** Throws RunInterrupted('cancelled') once the run is CANCELLED in PostgreSQL (before submitting work). */
async function proceed(deps: StageDeps, runId: string, signal: AbortSignal): Promise<void> {
  throwIfInterrupted(signal);
  if ((await deps.runs.status(runId)) === 'CANCELLED') throw new RunInterrupted('cancelled');
}

/** Starts an attempt of the stage; false when another driver of the run has finished it meanwhile. */
async function startStage(deps: StageDeps, runId: string, name: RunStageName): Promise<boolean> {
  try {
    await deps.runs.startStage(runId, name);
    return true;
  } catch (error) {
    if (error instanceof StageAlreadySucceeded) return false;
    if (error instanceof RunWasCancelled) throw new RunInterrupted('cancelled');
    throw error;
  }
}

/**
 * A stage, entered again while Redis loses jobs it waits for (a restart without persistence): it
 * resubmits its jobs under their deterministic ids and asks only for what the database lacks. Only
 * the driver still holding the run's job does so; one whose job Redis lost too stops (RunInterrupted
 * 'lock-lost') and leaves the run to its re-driven job.
 */
async function runStage(stage: Stage, ctx: StageContext, name: RunStageName, hooks: DriveHooks): Promise<StageOutcome> {
  for (let reentries = 0; ; reentries += 1) {
    try {
      return await stage(ctx);
    } catch (error) {
      if (!(error instanceof JobVanishedError) || reentries === MAX_STAGE_REENTRIES) throw error;
      await ctx.proceed();
      if (!(await hooks.holdsRun())) throw new RunInterrupted('lock-lost');
      hooks.onStageReentered?.(name, error);
    }
  }
}
