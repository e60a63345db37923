import type { RunState } from '@alkdrec/contracts';

/** Where an experiment is: its runs by state, and when it will be done at the pace so far. */
export interface GridProgress {
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  running: number;
  /** Not submitted yet (the command keeps a window of runs in flight). */
  pending: number;
  /** Estimated milliseconds left; null until a run has finished in this invocation. */
  etaMs: number | null;
}

/**
 * Counts the grid's runs by state and estimates the time left from this invocation's pace: runs
 * finished since it started over the time elapsed (so runs finished by an earlier invocation do
 * not make the estimate optimistic). The pace includes the teachers and students the first runs of
 * each group train, so early estimates run long, later ones converge.
 */
export function gridProgress(states: ReadonlyMap<string, RunState | undefined>, finishedHere: number, elapsedMs: number): GridProgress {
  const progress: GridProgress = { total: states.size, succeeded: 0, failed: 0, cancelled: 0, running: 0, pending: 0, etaMs: null };
  for (const state of states.values()) {
    if (state === 'SUCCEEDED') progress.succeeded++;
    else if (state === 'FAILED') progress.failed++;
    else if (state === 'CANCELLED') progress.cancelled++;
    else if (state === 'RUNNING') progress.running++;
    else progress.pending++;
  }
  const left = progress.running + progress.pending;
  if (finishedHere > 0) progress.etaMs = left === 0 ? 0 : (elapsedMs / finishedHere) * left;
  return progress;
}

export function describeGridProgress(name: string, p: GridProgress, formatDuration: (ms: number) => string): string {
  const done = p.succeeded + p.failed + p.cancelled;
  const percent = p.total === 0 ? 100 : Math.floor((100 * done) / p.total);
  const problems = [p.failed > 0 ? `${p.failed} failed` : '', p.cancelled > 0 ? `${p.cancelled} cancelled` : ''].filter(Boolean).join(', ');
  const eta = p.etaMs === null ? 'time left: estimating' : p.etaMs === 0 ? 'done' : `about ${formatDuration(p.etaMs)} left`;
  return `experiment ${name}: ${done}/${p.total} runs finished (${percent} %${problems ? `; ${problems}` : ''}), ${p.running} running, ${p.pending} to submit — ${eta}`;
}
