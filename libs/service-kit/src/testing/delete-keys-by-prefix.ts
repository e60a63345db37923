import Redis from 'ioredis';

/** Test cleanup: deletes every Redis key under a BullMQ prefix (`<prefix>:*`). */
export async function deleteKeysByPrefix(redisUrl: string, prefix: string): Promise<number> {
  if (!prefix.startsWith('test-')) throw new Error(`refusing to delete keys outside a test prefix: ${prefix}`);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      if ((keys as string[]).length > 0) deleted += await redis.del(...(keys as string[]));
    }
    return deleted;
  } finally {
    redis.disconnect();
  }
}
