import { availableParallelism } from 'node:os';
import { experimentRuns, runIdOf, RunState, type ExperimentGrid, type RunSpec } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import type { JobRunOptions } from '../args/parsed-command';
import { CliError, ExitCode } from '../cli-error';
import { printResult, type CliContext } from '../commands/cli-context';
import { ensureDataset } from '../dataset/ensure-dataset';
import { prepareDatabase } from '../dataset/prepare-database';
import { formatDuration } from '../output/format-duration';
import { createRunProgressReporter } from '../output/run-progress-reporter';
import { openRunClient } from '../runs/open-run-client';
import { ensureExperimentServices, type ExperimentServices } from './experiment-services';
import { formatExperimentSummary, summariseExperiment } from './experiment-summary';
import { describeGridProgress, gridProgress } from './grid-progress';
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

const POLL_MS = 2_000;
/** A progress line at least this often even when nothing changed (a log shows it is alive). */
const HEARTBEAT_MS = 60_000;
/** How long PostgreSQL or Redis may be unreachable before the command gives up (the runs go on regardless). */
const OUTAGE_LIMIT_MS = 5 * 60_000;

/**
 * `alkdrec experiment --grid paper|quick|<file>`: every run of the grid (datasets × backbones ×
 * strategies × seeds, and the budget curve), submitted through the RunClient a window at a time in
 * the grid's order, driven by the selector and spread over `trainers` trainer workers, followed in
 * PostgreSQL with overall progress and the time left. Run ids derive from the specs, so running the
 * command again after an interruption resumes: finished runs are skipped, failed or cancelled
 * ones resumed with their finished stages kept, running ones joined; teachers, students and
 * predictions are shared by every run of a dataset × backbone × seed.
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
    const before = await readStates(prisma, specs);
    const todo = specs.filter((spec) => before.get(runIdOf(spec)) !== 'SUCCEEDED');
    note(`experiment ${grid.name}: ${specs.length} runs, ${specs.length - todo.length} finished already, ${todo.length} to run; ${trainers} trainer workers, up to ${window} runs at once`);
    if (todo.length > 0) await driveRuns(ctx, prisma, grid, todo, specs, { trainers, window, spawn: options.run.spawn, note });
    const summary = summariseExperiment(grid, specs, await readStates(prisma, specs), await readErrors(prisma, specs));
    printResult(ctx, options.run.json, { command: 'experiment', ...summary }, formatExperimentSummary(summary, options.grid.kind === 'file' ? options.grid.path : options.grid.name));
    if (summary.failed.length > 0) {
      throw new CliError(`${summary.failed.length} run(s) of experiment ${grid.name} did not succeed; run the same command again to resume them`);
    }
  } finally {
    reporter.stop();
    await prisma.$disconnect();
  }
}

interface DriveOptions {
  trainers: number;
  window: number;
  spawn: boolean;
  note: (text: string) => void;
}

/**
 * Submits `todo` in order, keeping `window` runs in flight, until each has ended once in this
 * invocation: a run that fails is not retried here (its error is in the summary; the next
 * invocation resumes it), so a broken cell cannot spin.
 */
async function driveRuns(ctx: CliContext, prisma: PrismaClient, grid: ExperimentGrid, todo: RunSpec[], all: RunSpec[], options: DriveOptions): Promise<void> {
  const opened = await openRunClient(ctx, prisma);
  const started: ExperimentServices = { processes: [], roles: [] };
  const stopServices = () => Promise.allSettled(started.processes.map((p) => p.stop(ctx.config.SHUTDOWN_GRACE_MS + 15_000)));
  const unregister = ctx.interrupts.register({
    started: () => started.roles,
    stop: async () => {
      await stopServices();
      await opened.close();
    },
    kill: () => started.processes.forEach((p) => p.kill()),
  });
  try {
    await ensureExperimentServices(
      ctx,
      { strategies: [...new Set(todo.map((s) => s.strategy))], provider: grid.provider, trainers: options.trainers, spawn: options.spawn, queueOf: opened.queue, reporter: { note: options.note, update: () => undefined, stop: () => undefined } },
      started,
    );
    const crashed = started.processes.length > 0 ? Promise.race(started.processes.map((p) => p.crashed())) : new Promise<never>(() => undefined);
    crashed.catch(() => undefined);
    const inFlight = new Set<string>();
    const startedAt = Date.now();
    let next = 0;
    let finishedHere = 0;
    let lastLine = '';
    let lastPrinted = 0;
    let outageSince: number | undefined;
    for (;;) {
      let states: Map<string, RunState | undefined>;
      try {
        states = await readStates(prisma, all);
        for (const id of inFlight) {
          const state = states.get(id);
          if (state !== undefined && state !== 'RUNNING') {
            inFlight.delete(id);
            finishedHere++;
          }
        }
        while (inFlight.size < options.window && next < todo.length) {
          const submission = await opened.client.submit(todo[next]!);
          next++;
          if (submission.origin === 'finished') continue;
          inFlight.add(submission.runId);
          states.set(submission.runId, 'RUNNING');
        }
        if (outageSince !== undefined) options.note(`experiment ${grid.name}: PostgreSQL and Redis answer again; going on`);
        outageSince = undefined;
      } catch (error) {
        // The runs are driven by the services, not by this loop: a database or Redis that went away
        // only pauses following and submitting. What was submitted stays so (the run row and its job
        // are written before submit returns), and a run not yet submitted is submitted next time.
        outageSince ??= Date.now();
        if (Date.now() - outageSince > OUTAGE_LIMIT_MS) {
          throw new CliError(`experiment ${grid.name}: cannot reach PostgreSQL or Redis for ${formatDuration(OUTAGE_LIMIT_MS)} (${(error as Error).message}); run the same command again to resume`, ExitCode.Unavailable);
        }
        options.note(`experiment ${grid.name}: ${(error as Error).message.split('\n')[0]}; retrying in ${POLL_MS / 1000} s`);
        await Promise.race([new Promise((resolve) => setTimeout(resolve, POLL_MS)), crashed]);
        continue;
      }
      const line = describeGridProgress(grid.name, gridProgress(states, finishedHere, Date.now() - startedAt), formatDuration);
      const counts = line.replace(/ — .*$/, '');
      if (counts !== lastLine || Date.now() - lastPrinted >= HEARTBEAT_MS) {
        options.note(line);
        lastLine = counts;
        lastPrinted = Date.now();
      }
      if (inFlight.size === 0 && next >= todo.length) return;
      await Promise.race([new Promise((resolve) => setTimeout(resolve, POLL_MS)), crashed]);
    }
  } finally {
    unregister();
    await stopServices();
    await opened.close();
  }
}

/** Each run's state in PostgreSQL (undefined: never submitted). */
async function readStates(prisma: PrismaClient, specs: readonly RunSpec[]): Promise<Map<string, RunState | undefined>> {
  const ids = specs.map(runIdOf);
  const rows = await prisma.run.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
  const found = new Map(rows.map((row) => [row.id, RunState.parse(row.status)]));
  return new Map(ids.map((id) => [id, found.get(id)]));
}

async function readErrors(prisma: PrismaClient, specs: readonly RunSpec[]): Promise<Map<string, string>> {
  const rows = await prisma.run.findMany({ where: { id: { in: specs.map(runIdOf) }, status: { in: ['FAILED', 'CANCELLED'] } }, select: { id: true, error: true, status: true } });
  return new Map(rows.map((row) => [row.id, row.error ?? row.status.toLowerCase()]));
}
