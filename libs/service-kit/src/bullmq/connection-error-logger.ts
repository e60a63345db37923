import type { EventEmitter } from 'node:events';
import { lostJobId } from './lost-job-error';

export interface ErrorLogger {
  error(message: unknown, ...params: unknown[]): void;
  /** Where lost-job notices go; `error` when absent. */
  warn?(message: unknown, ...params: unknown[]): void;
}

/** Lost jobs remembered per emitter (so each is reported once); the oldest are forgotten first. */
const LOST_JOBS_REMEMBERED = 10_000;

/**
 * Logs `error` events of a Queue, Worker, QueueEvents or ioredis client. Without a listener an
 * `error` event crashes the process; with a naive one a Redis outage prints a line per reconnect
 * attempt, so repeats of the same message are summarised once per window.
 *
 * A job a worker was running that Redis lost (a restart without persistence) raises several errors
 * — its lock cannot be renewed, then it cannot be moved to completed or failed — which say nothing
 * about what happened. Those become one warning per job that does: the worker goes on with other
 * jobs, and whatever the job's handler stored (PostgreSQL) stays; only its queue outcome is dropped.
 */
export function logConnectionErrors(
  emitter: EventEmitter,
  logger: ErrorLogger,
  source: string,
  windowMs = 30_000,
  now: () => number = Date.now,
): void {
  let lastMessage = '';
  let lastLoggedAt = -Infinity;
  let suppressed = 0;
  const lostJobs = new Set<string>();
  emitter.on('error', (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const lost = lostJobId(message);
    if (lost !== undefined) {
      if (lostJobs.has(lost)) return;
      lostJobs.add(lost);
      if (lostJobs.size > LOST_JOBS_REMEMBERED) lostJobs.delete(lostJobs.values().next().value as string);
      (logger.warn ?? logger.error).call(logger, {
        msg:
          `${source}: job ${lost} is no longer this worker's in Redis (${message}): Redis was restarted or flushed, ` +
          'or the job\'s lock expired and it went back to the queue. Its outcome here is dropped; what its handler stored stays',
        source,
        jobId: lost,
        detail: message,
      });
      return;
    }
    const at = now();
    if (message === lastMessage && at - lastLoggedAt < windowMs) {
      suppressed += 1;
      return;
    }
    logger.error({ msg: `${source}: ${message}`, source, repeated: suppressed, err: error instanceof Error ? error : undefined });
    lastMessage = message;
    lastLoggedAt = at;
    suppressed = 0;
  });
}
