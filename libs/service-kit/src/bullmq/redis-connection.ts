import type { RedisOptions } from 'bullmq';

/**
 * Who uses a Redis connection decides how it behaves while Redis is away:
 * - `blocking` (Worker, QueueEvents): retry every command forever (`maxRetriesPerRequest: null`, which
 *   BullMQ requires for blocking reads), so a Redis restart pauses work instead of failing it;
 * - `producer` (Queue, health pings): fail fast (`enableOfflineQueue: false`), so a request or CLI
 *   command reports "Redis unreachable" instead of hanging.
 */
export type RedisUse = 'blocking' | 'producer';

export function redisOptions(redisUrl: string, use: RedisUse): RedisOptions {
  const common: RedisOptions = {
    url: redisUrl,
    // Reconnect with a capped backoff; ioredis' default is similar but unbounded in count anyway.
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 5_000),
  };
  return use === 'blocking'
    ? { ...common, maxRetriesPerRequest: null }
    : { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 3 };
}
