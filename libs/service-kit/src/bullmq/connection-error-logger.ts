import type { EventEmitter } from 'node:events';

export interface ErrorLogger {
  error(message: unknown, ...params: unknown[]): void;
}

/**
 * Logs `error` events of a Queue, Worker, QueueEvents or ioredis client. Without a listener an
 * `error` event crashes the process; with a naive one a Redis outage prints a line per reconnect
 * attempt, so repeats of the same message are summarised once per window.
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
  emitter.on('error', (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
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
