/**
 * A job Redis no longer has: its keys are gone (Redis restarted without persistence, or was
 * flushed). Nothing will finish it; whoever owns the work must add it again (same deterministic id).
 */
export class JobVanishedError extends Error {
  override name = 'JobVanishedError';
  constructor(
    readonly queue: string,
    readonly jobId: string,
  ) {
    super(`job ${jobId} vanished from queue ${queue}: Redis no longer has it (restarted without persistence, or flushed)`);
  }
}
