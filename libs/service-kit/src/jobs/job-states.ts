import type { JobState } from 'bullmq';

/**
 * Whether a job in this state will still be run or is running: waiting, prioritized, delayed (a
 * backoff, or handed back), waiting for children, active. Completed and failed jobs are done;
 * `unknown` is BullMQ's answer for a job it does not have (gone with a Redis restart or flush).
 */
export function jobIsLive(state: JobState | 'unknown'): boolean {
  return state !== 'completed' && state !== 'failed' && state !== 'unknown';
}
