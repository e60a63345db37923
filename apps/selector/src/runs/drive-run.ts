import { runIdOf, stagesOf, type RunProgress, type RunResult, type RunSpec, type RunStageName } from '@alkdrec/contracts';
import { RunInterrupted, throwIfInterrupted } from '../jobs/run-interrupted';
import type { StageContext, StageDeps } from '../stages/stage-context';
import { refuseReplayOfOtherContent } from './replay-guard';
import { runSummary } from './run-summary';
import { STAGES } from './stages';

export class DatasetNotImported extends Error {
  override name = 'DatasetNotImported';
}

export interface DriveHooks {
  signal: AbortSignal;
  report(progress: RunProgress): void;
}

/**
 * Runs an ALKDRec run's stages in order, skipping those the database says have succeeded (by an
 * earlier attempt, or a killed selector): a resumed run redoes nothing finished. Each stage's
 * outcome is stored with its success; a failure is stored on the stage and the run, then rethrown.
 */
export async function driveRun(spec: RunSpec, deps: StageDeps, hooks: DriveHooks, stages = STAGES): Promise<RunResult> {
  const started = performance.now();
  const runId = runIdOf(spec);
  const dataset = await deps.prisma.dataset.findUnique({ where: { name: spec.dataset }, select: { id: true, trainCount: true, source: true } });
  if (!dataset) throw new DatasetNotImported(`dataset ${spec.dataset} is not imported (run: alkdrec import --dataset ${spec.dataset})`);
  await deps.runs.open({
    id: runId,
    datasetId: dataset.id,
    backbone: spec.backbone,
    strategy: spec.strategy,
    provider: spec.provider,
    budget: spec.budget,
    seed: spec.seed,
    spec,
  });
  const names = stagesOf(spec.strategy);
  const stored = await deps.runs.stages(runId);
  const finished: RunStageName[] = names.filter((name) => stored.get(name)?.status === 'SUCCEEDED');
  try {
    await refuseReplayOfOtherContent(spec, dataset);
    for (const [index, name] of names.entries()) {
      if (finished.includes(name)) continue;
      throwIfInterrupted(hooks.signal);
      const report = (done: number, total: number, message?: string) =>
        hooks.report({ stage: name, stageIndex: index, stageCount: names.length, done, total, finished: [...finished], ...(message ? { message } : {}) });
      report(0, 1);
      await deps.runs.startStage(runId, name);
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
      };
      try {
        const outcome = await stages[name](ctx);
        if (!('recorded' in outcome)) await deps.runs.finishStage(runId, name, { wallMs: performance.now() - stageStarted, ...outcome });
      } catch (error) {
        if (!(error instanceof RunInterrupted)) await deps.runs.failStage(runId, name, (error as Error).message);
        throw error;
      }
      finished.push(name);
    }
  } catch (error) {
    if (!(error instanceof RunInterrupted)) await deps.runs.finish(runId, 'FAILED', (error as Error).message);
    throw error;
  }
  await deps.runs.finish(runId, 'SUCCEEDED');
  return runSummary(deps.prisma, runId, performance.now() - started);
}
