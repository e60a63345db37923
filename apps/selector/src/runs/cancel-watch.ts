import { RunInterrupted } from '../jobs/run-interrupted';

/**
 * Aborts a driver once its run is cancelled. A cancel is a row in PostgreSQL (RunClient.cancel
 * sets the run CANCELLED from any process: the api, the CLI), so the driver reads its run's status
 * every `everyMs` (RUNS_CANCEL_CHECK_MS) while it runs, and its signal aborts with
 * RunInterrupted('cancelled'): stages waiting on other services' jobs stop waiting at once. A failed
 * read (the database restarting) is only tried again; the database is the truth and says so later.
 */
export function watchForCancel(status: () => Promise<string | undefined>, everyMs: number): { signal: AbortSignal; stop(): void } {
  const controller = new AbortController();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const look = async () => {
    try {
      if ((await status()) === 'CANCELLED') return controller.abort(new RunInterrupted('cancelled'));
    } catch {
      // Looked at again below.
    }
    if (!stopped) timer = setTimeout(() => void look(), everyMs);
  };
  timer = setTimeout(() => void look(), everyMs);
  return {
    signal: controller.signal,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
