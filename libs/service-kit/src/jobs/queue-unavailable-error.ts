/**
 * Redis refused a queue command because its connection is down. BullMQ producers run with the
 * offline queue off, so a write fails at once (ioredis: "Stream isn't writeable…", "Connection is
 * closed.") instead of waiting: nothing was queued, and the same call may be made again later.
 */
export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
  constructor(
    readonly queue: string,
    override readonly cause: Error,
  ) {
    super(`Redis cannot be reached for queue ${queue} (${cause.message}): nothing was queued`);
  }
}

const REDIS_OFFLINE = /Stream isn't writeable and enableOfflineQueue options is false|^Connection is closed\.?$/;

/** Whether `error` is ioredis refusing a command because the connection is down (or already wrapped as such). */
export function isRedisOffline(error: unknown): boolean {
  return error instanceof QueueUnavailableError || (error instanceof Error && REDIS_OFFLINE.test(error.message));
}

/** `error` as a QueueUnavailableError when it is ioredis refusing a command offline; otherwise as is. */
export function asQueueUnavailable(queue: string, error: unknown): unknown {
  return error instanceof Error && !(error instanceof QueueUnavailableError) && isRedisOffline(error) ? new QueueUnavailableError(queue, error) : error;
}
