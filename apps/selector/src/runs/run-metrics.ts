import { processMetrics, type ServiceMetrics } from '@alkdrec/service-kit';
import { isCancellation, RunInterrupted } from '../jobs/run-interrupted';

/**
 * How a run's driver ended: the run succeeded, failed (recorded on the run), was cancelled by a user,
 * or was interrupted (handed back; the run goes on).
 */
export type RunDriverState = 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

/** The selector's run metrics: drivers started and how they ended, by strategy. */
export class RunMetrics {
  private readonly started;
  private readonly finished;

  constructor(metrics: ServiceMetrics = processMetrics()) {
    this.started = metrics.counter('runsStarted');
    this.finished = metrics.counter('runsFinished');
  }

  /** Counts one driver of a run of `strategy` around `drive`. */
  async observe<T>(strategy: string, drive: () => Promise<T>): Promise<T> {
    this.started.inc({ strategy });
    try {
      const result = await drive();
      this.finished.inc({ strategy, state: 'succeeded' });
      return result;
    } catch (error) {
      this.finished.inc({ strategy, state: stateOf(error) });
      throw error;
    }
  }
}

function stateOf(error: unknown): RunDriverState {
  if (isCancellation(error)) return 'cancelled'; // checked first: a cancellation is a RunInterrupted
  return error instanceof RunInterrupted ? 'interrupted' : 'failed';
}
