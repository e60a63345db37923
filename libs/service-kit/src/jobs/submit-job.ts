import type { Job, Queue } from 'bullmq';

export type Submission =
  /** A new job was added. */
  | { job: Job; origin: 'added' }
  /** A job with this id was already waiting or running (another CLI, or an earlier run): follow it. */
  | { job: Job; origin: 'joined' };

/**
 * Adds a job under a deterministic id, or attaches to the one already there. BullMQ silently
 * ignores `add` for an existing id, so the state decides: waiting or running → join; finished
 * (completed or failed) → remove and add again. A completed job's stored result is never shown as
 * is: queues are transport and the database is the truth (the database may have been reset or be
 * another schema); the trainer's handlers are idempotent and reuse what the database already has.
 */
export async function submitJob(queue: Queue, name: string, data: unknown, jobId: string): Promise<Submission> {
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (state === 'completed' || state === 'failed') await existing.remove();
    else return { job: existing, origin: 'joined' };
  }
  return { job: await queue.add(name, data, { jobId }), origin: 'added' };
}
