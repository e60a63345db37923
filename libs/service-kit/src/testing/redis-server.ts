// A redis-server of a test's own lives in @alkdrec/process-kit (the drill starts one too, and tools
// may not import this Nest library); re-exported for the services' specs.
export { startRedisServer, type OwnRedisServer } from '@alkdrec/process-kit';

/**
 * Gives waits that just started time to make their first look at their job, so Redis is lost under
 * waits that are only listening — the case that hung while waits only listened for events.
 */
export function letWaitsSettle(ms = 500): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
