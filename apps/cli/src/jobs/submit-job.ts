import type { Job, Queue } from 'bullmq';

export type Submission =
  /** A new job was added. */
  | { job: Job; origin: 'added' }
  /** A job with this id was already waiting or running (another CLI, or an earlier run): follow it. */
  | { job: Job; origin: 'joined' }
  /** A job with this id already completed; its result is reused (unless `fresh`). */
  | { job: Job; origin: 'cached' };

/**
 * Adds a job under a deterministic id, or attaches to the one already there. BullMQ silently
 * ignores `add` for an existing id, so the state decides: completed → reuse (or remove when
 * `fresh`), failed → remove and add again (a new run gets its attempts back), otherwise join.
 */
export async function submitJob(queue: Queue, name: string, data: unknown, jobId: string, fresh: boolean): Promise<Submission> {
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (state === 'completed' && !fresh) return { job: existing, origin: 'cached' };
    if (state === 'completed' || state === 'failed') await existing.remove();
    else return { job: existing, origin: 'joined' };
  }
  return { job: await queue.add(name, data, { jobId }), origin: 'added' };
}
