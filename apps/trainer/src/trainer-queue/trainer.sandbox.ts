import type { SandboxedJob } from 'bullmq';
import { handleTrainerJob } from '../jobs/handle-trainer-job';

/**
 * The trainer queue's processor, loaded by BullMQ in a worker thread (see TrainerQueueWorker) so
 * TensorFlow.js training never blocks the event loop that renews job locks. Keep it a thin entry.
 */
export default async function (job: SandboxedJob): Promise<unknown> {
  return handleTrainerJob(job);
}
