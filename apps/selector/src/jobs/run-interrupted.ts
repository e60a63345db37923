import type { RunStageName } from '@alkdrec/contracts';

/**
 * Why a driver stops before its run is done:
 * - `shutdown`: the selector is shutting down; the run's job goes back to the queue and resumes
 *   elsewhere or later;
 * - `lock-lost`: the run's job is no longer this driver's in Redis (Redis lost it, or its lock
 *   expired and the job went back to the queue); the job's next driver — re-driven from PostgreSQL
 *   or re-queued by BullMQ — carries the run on, so this one stops rather than drive beside it;
 * - `cancelled`: the run was cancelled (RunClient.cancel, CANCELLED in PostgreSQL); the driver
 *   withdraws the work it queued that no one has started, marks its stage cancelled and ends its
 *   job without error.
 */
export type InterruptReason = 'shutdown' | 'lock-lost' | 'cancelled';

const MESSAGES: Record<InterruptReason, string> = {
  shutdown: 'the selector is shutting down; the run resumes from its last finished stage',
  'lock-lost': "this driver no longer holds the run's job in Redis (Redis lost it, or its lock expired); the run goes on in the job's next driver",
  cancelled: 'the run was cancelled',
};

export class RunInterrupted extends Error {
  override name = 'RunInterrupted';
  constructor(
    readonly reason: InterruptReason = 'shutdown',
    /** The stage the driver was in (set by driveRun for a cancelled run). */
    readonly stage: RunStageName | null = null,
  ) {
    super(MESSAGES[reason]);
  }
}

/** Whether `error` is a driver stopping because its run was cancelled. */
export function isCancellation(error: unknown): error is RunInterrupted {
  return error instanceof RunInterrupted && error.reason === 'cancelled';
}

/** The RunInterrupted a driver's signal was aborted with (a plain abort counts as shutdown). */
export function interruptionOf(signal: AbortSignal): RunInterrupted {
  return signal.reason instanceof RunInterrupted ? signal.reason : new RunInterrupted();
}

/** Rejects with the signal's RunInterrupted once it aborts; never settles otherwise. */
export function interrupted(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal.aborted) return reject(interruptionOf(signal));
    signal.addEventListener('abort', () => reject(interruptionOf(signal)), { once: true });
  });
}

export function throwIfInterrupted(signal: AbortSignal): void {
  if (signal.aborted) throw interruptionOf(signal);
}
