import { availableParallelism } from 'node:os';
import { experimentRuns, runIdOf, type RunSpec } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import type { JobRunOptions } from '../args/parsed-command';
import { CliError } from '../cli-error';
import { printResult, type CliContext } from '../commands/cli-context';
import { openTrainerQueue } from '../commands/open-trainer-queue';
import { ensureDataset } from '../dataset/ensure-dataset';
import { prepareDatabase } from '../dataset/prepare-database';
import { createRunProgressReporter } from '../output/run-progress-reporter';
import { driveRuns, readRunStates } from './drive-runs';
import { withExperimentServices } from './experiment-services';
import { formatExperimentSummary, summariseExperiment } from './experiment-summary';
import { missingFollowUps, runFollowUps } from './grid-follow-ups';
import { narrowGrid, resolveGrid, type GridNarrowing, type GridSource } from './resolve-grid';

export interface ExperimentOptions {
  grid: GridSource;
  narrowing: GridNarrowing;
  /** Trainer workers to have connected (default: one per core). */
  trainers?: number;
  /** Runs submitted and not finished at once (default: 4 per trainer worker). */
  inFlight?: number;
  run: JobRunOptions;
}

/**
 * `alkdrec experiment --grid paper|quick|<file>`: every run of the grid (datasets × backbones ×
 * strategies × seeds, and the budget curve), submitted through the RunClient a window at a time in
 * the grid's order, driven by the selector and spread over `trainers` trainer workers, followed in
 * PostgreSQL with overall progress and the time left; then the trainer jobs the report needs beyond
 * the runs (grid-follow-ups). Run ids derive from the specs, so running the command again after
 * an interruption resumes: finished runs are skipped, failed or cancelled ones resumed with their
 * finished stages kept, running ones joined; teachers, students and predictions are shared by every
 * run of a dataset × backbone × seed.
 */
export async function experimentCommand(ctx: CliContext, options: ExperimentOptions): Promise<void> {
  const grid = narrowGrid(resolveGrid(options.grid), options.narrowing);
  const specs = experimentRuns(grid);
  const trainers = options.trainers ?? availableParallelism();
  const window = options.inFlight ?? 4 * trainers;
  const reporter = createRunProgressReporter(ctx.stderr, false);
  const note = (text: string) => reporter.note(text);
  const prisma = await prepareDatabase(ctx, note);
  try {
    for (const dataset of grid.datasets) await ensureDataset(prisma, dataset, note);
    const before = await readRunStates(prisma, specs);
    const todo = specs.filter((spec) => before.get(runIdOf(spec)) !== 'SUCCEEDED');
    note(`experiment ${grid.name}: ${specs.length} runs, ${specs.length - todo.length} finished already, ${todo.length} to run; ${trainers} trainer workers, up to ${window} runs at once`);
    // With nothing to run, the follow-ups are known now; otherwise once the runs have ended.
    const knownFollowUps = todo.length === 0 ? await missingFollowUps(prisma, grid, specs) : undefined;
    if (todo.length > 0 || (knownFollowUps?.length ?? 0) > 0) {
      const strategies = [...new Set(todo.map((spec: RunSpec) => spec.strategy))];
      await withExperimentServices(ctx, prisma, { strategies, provider: grid.provider, trainers, spawn: options.run.spawn, note }, async ({ client, crashed }) => {
        if (todo.length > 0) await driveRuns(prisma, client, { gridName: grid.name, todo, all: specs, window, note, crashed });
        const followUps = knownFollowUps ?? (await missingFollowUps(prisma, grid, specs));
        const trainer = await openTrainerQueue(ctx);
        try {
          await Promise.race([runFollowUps(trainer, followUps, note), crashed]);
        } finally {
          await trainer.close();
        }
      });
    }
    const summary = summariseExperiment(grid, specs, await readRunStates(prisma, specs), await readErrors(prisma, specs));
    printResult(ctx, options.run.json, { command: 'experiment', ...summary }, formatExperimentSummary(summary, options.grid.kind === 'file' ? options.grid.path : options.grid.name));
    if (summary.failed.length > 0) {
      throw new CliError(`${summary.failed.length} run(s) of experiment ${grid.name} did not succeed; run the same command again to resume them`);
    }
  } finally {
    reporter.stop();
    await prisma.$disconnect();
  }
}

async function readErrors(prisma: PrismaClient, specs: readonly RunSpec[]): Promise<Map<string, string>> {
  const rows = await prisma.run.findMany({ where: { id: { in: specs.map(runIdOf) }, status: { in: ['FAILED', 'CANCELLED'] } }, select: { id: true, error: true, status: true } });
  return new Map(rows.map((row) => [row.id, row.error ?? row.status.toLowerCase()]));
}
