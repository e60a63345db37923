import type { Job, Queue } from 'bullmq';
import { jobIsLive } from './job-states';
import { asQueueUnavailable } from './queue-unavailable-error';

export type Submission =
  /** A new job was added. */
  | { job: Job; origin: 'added' }
  /** A job with this id was already waiting or running (another CLI, or an earlier run): follow it. */
  | { job: Job; origin: 'joined' };

/**
 * Adds a job under a deterministic id, or attaches to the one already there. BullMQ silently
 * ignores `add` for an existing id (atomically, so two producers racing add one job), so the state
 * decides: live (waiting, delayed, running…) → join; finished (completed or failed), or left in no
 * list at all (`unknown`) → remove and add again. A completed job's stored result is never shown as
 * is: queues are transport and the database is the truth (the database may have been reset or be
 * another schema); the trainer's handlers are idempotent and reuse what the database already has.
 */
export async function submitJob(queue: Queue, name: string, data: unknown, jobId: string): Promise<Submission> {
  try {
    return await addOrJoin(queue, name, data, jobId);
  } catch (error) {
    throw asQueueUnavailable(queue.name, error);
  }
}

async function addOrJoin(queue: Queue, name: string, data: unknown, jobId: string): Promise<Submission> {
  const existing = await queue.getJob(jobId);
  if (existing) {
    if (jobIsLive(await existing.getState())) return { job: existing, origin: 'joined' };
    try {
      await existing.remove();
    } catch (error) {
      // A locked job cannot be removed: another producer re-added it and a worker took it meanwhile.
      const current = await queue.getJob(jobId);
      if (current && jobIsLive(await current.getState())) return { job: current, origin: 'joined' };
      throw error;
    }
  }
  return { job: await queue.add(name, data, { jobId }), origin: 'added' };
}
