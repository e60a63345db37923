import { RunProgress, runJobId, type RunEvent } from '@alkdrec/contracts';
import type { RunRepository } from '@alkdrec/db';
import type { QueueEvents } from 'bullmq';

export interface WatchRunOptions {
  /** How often PostgreSQL is read for the run's state and stored progress (default 2 s). */
  everyMs?: number;
  /** A read that failed (the database away); watching goes on. */
  onError?(error: Error): void;
}

export interface WatchContext {
  runs: RunRepository;
  events: QueueEvents;
}

const WATCH_EVERY_MS = 2_000;

/**
 * RunClient.watch: the run's state first and then each change, and its progress. Progress comes live
 * from the driver job's events; the state from PostgreSQL — read at once, whenever the job ends,
 * when a progress event names another stage (the driver reports a stage once it has started it, so
 * its state follows within a read, not a period), and every `everyMs` (a cancel, a resume, or an end
 * whose event was missed). While no progress event arrives (Redis away, or a driver in another
 * prefix) the progress stored on the run is passed on when it changes. A run that does not exist
 * yields nothing until it does.
 */
export function watchRun(ctx: WatchContext, runId: string, listener: (event: RunEvent) => void, options: WatchRunOptions = {}): () => void {
  const jobId = runJobId(runId);
  const everyMs = options.everyMs ?? WATCH_EVERY_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastState = '';
  let lastStored = '';
  let liveSinceLastLook = false;
  let liveStage: string | undefined;
  // Reads may overlap (a period, a job's end, a new stage): an older one's answer is never told after a newer one's.
  let looksStarted = 0;
  let newestTold = 0;

  const emit = (event: RunEvent) => {
    if (!stopped) listener(event);
  };
  const look = async () => {
    const number = ++looksStarted;
    try {
      const view = await ctx.runs.pulse(runId);
      if (!view || number < newestTold) return;
      newestTold = number;
      const { stage } = view;
      const key = JSON.stringify([view.state, stage, view.error]);
      if (key !== lastState) {
        lastState = key;
        emit({ type: 'state', runId, state: view.state, stage, error: view.error });
      }
      const stored = view.progress ? JSON.stringify(view.progress) : '';
      if (stored !== lastStored && !liveSinceLastLook && view.progress && view.state === 'RUNNING') {
        const { at: _at, ...progress } = view.progress;
        emit({ type: 'progress', runId, progress });
      }
      lastStored = stored;
      liveSinceLastLook = false;
    } catch (error) {
      options.onError?.(error as Error);
    }
  };
  const schedule = () => {
    if (!stopped) timer = setTimeout(() => void look().finally(schedule), everyMs);
  };
  const onProgress = ({ jobId: id, data }: { jobId: string; data: unknown }) => {
    if (id !== jobId) return;
    const progress = RunProgress.safeParse(data);
    if (!progress.success) return;
    liveSinceLastLook = true;
    emit({ type: 'progress', runId, progress: progress.data });
    if (progress.data.stage !== liveStage) {
      liveStage = progress.data.stage;
      void look();
    }
  };
  const onEnded = ({ jobId: id }: { jobId: string }) => {
    if (id === jobId) void look();
  };

  // The state first: events are listened to once it is out.
  void look().finally(() => {
    if (stopped) return;
    ctx.events.on('progress', onProgress);
    ctx.events.on('completed', onEnded);
    ctx.events.on('failed', onEnded);
    schedule();
  });
  return () => {
    stopped = true;
    clearTimeout(timer);
    ctx.events.off('progress', onProgress);
    ctx.events.off('completed', onEnded);
    ctx.events.off('failed', onEnded);
  };
}
