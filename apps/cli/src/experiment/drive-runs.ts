import { runIdOf, RunState, type RunSpec } from '@alkdrec/contracts';
import type { PrismaClient } from '@alkdrec/db';
import type { RunClient } from '@alkdrec/service-kit';
import { CliError, ExitCode } from '../cli-error';
import { formatDuration } from '../output/format-duration';
import { describeGridProgress, gridProgress } from './grid-progress';

const POLL_MS = 2_000;
/** A progress line at least this often even when nothing changed (a log shows it is alive). */
const HEARTBEAT_MS = 60_000;
/** How long PostgreSQL or Redis may be unreachable before the command gives up (the runs go on regardless). */
const OUTAGE_LIMIT_MS = 5 * 60_000;

export interface DriveRunsOptions {
  gridName: string;
  /** The runs to submit, in order. */
  todo: readonly RunSpec[];
  /** Every run of the grid (for the progress line). */
  all: readonly RunSpec[];
  /** Runs submitted and not finished at once. */
  window: number;
  note: (text: string) => void;
  /** Rejects when a service process this command started died for good. */
  crashed: Promise<never>;
}

/**
 * Submits `todo` in order, keeping `window` runs in flight, until each has ended once in this
 * invocation: a run that fails is not retried here (its error is in the summary; the next
 * invocation resumes it), so a broken cell cannot spin. Progress is read from PostgreSQL.
 */
export async function driveRuns(prisma: PrismaClient, client: RunClient, options: DriveRunsOptions): Promise<void> {
  const { gridName, todo, note } = options;
  const inFlight = new Set<string>();
  const startedAt = Date.now();
  let next = 0;
  let finishedHere = 0;
  let lastCounts = '';
  let lastPrinted = 0;
  let outageSince: number | undefined;
  const pause = () => Promise.race([new Promise((resolve) => setTimeout(resolve, POLL_MS)), options.crashed]);
  for (;;) {
    let states: Map<string, RunState | undefined>;
    try {
      states = await readRunStates(prisma, options.all);
      for (const id of inFlight) {
        const state = states.get(id);
        if (state !== undefined && state !== 'RUNNING') {
          inFlight.delete(id);
          finishedHere++;
        }
      }
      while (inFlight.size < options.window && next < todo.length) {
        const submission = await client.submit(todo[next]!);
        next++;
        if (submission.origin === 'finished') continue;
        inFlight.add(submission.runId);
        states.set(submission.runId, 'RUNNING');
      }
      if (outageSince !== undefined) note(`experiment ${gridName}: PostgreSQL and Redis answer again; going on`);
      outageSince = undefined;
    } catch (error) {
      // The runs are driven by the services, not by this loop: a database or Redis that went away
      // only pauses following and submitting. What was submitted stays so (the run row and its job
      // are written before submit returns), and a run not yet submitted is submitted next time.
      outageSince ??= Date.now();
      if (Date.now() - outageSince > OUTAGE_LIMIT_MS) {
        throw new CliError(`experiment ${gridName}: cannot reach PostgreSQL or Redis for ${formatDuration(OUTAGE_LIMIT_MS)} (${(error as Error).message}); run the same command again to resume`, ExitCode.Unavailable);
      }
      note(`experiment ${gridName}: ${(error as Error).message.split('\n')[0]}; retrying in ${POLL_MS / 1000} s`);
      await pause();
      continue;
    }
    const line = describeGridProgress(gridName, gridProgress(states, finishedHere, Date.now() - startedAt), formatDuration);
    const counts = line.replace(/ — .*$/, '');
    if (counts !== lastCounts || Date.now() - lastPrinted >= HEARTBEAT_MS) {
      note(line);
      lastCounts = counts;
      lastPrinted = Date.now();
    }
    if (inFlight.size === 0 && next >= todo.length) return;
    await pause();
  }
}

/** Each run's state in PostgreSQL (undefined: never submitted). */
export async function readRunStates(prisma: PrismaClient, specs: readonly RunSpec[]): Promise<Map<string, RunState | undefined>> {
  const ids = specs.map(runIdOf);
  const rows = await prisma.run.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
  const found = new Map(rows.map((row) => [row.id, RunState.parse(row.status)]));
  return new Map(ids.map((id) => [id, found.get(id)]));
}
