/** A job ended in the failed state; carries BullMQ's reason and how often it was tried. */
export class JobFailedError extends Error {
  override name = 'JobFailedError';
  constructor(
    readonly jobId: string,
    readonly jobName: string,
    readonly reason: string,
    readonly attemptsMade: number,
  ) {
    super(`job ${jobName} (${jobId}) failed after ${attemptsMade} attempt${attemptsMade === 1 ? '' : 's'}: ${reason}`);
  }
}
