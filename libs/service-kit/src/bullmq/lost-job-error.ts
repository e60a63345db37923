/**
 * BullMQ's errors for a job a worker was running that is no longer the worker's in Redis: its keys
 * are gone (`Missing key for job X. moveToFinished` — Redis restarted without persistence, or was
 * flushed), its lock is gone (`Missing lock for job X. …`, the lock extender's `could not renew lock
 * for job X`), or another worker holds it (`Lock mismatch for job X. …`). Pinned to bullmq 5.81's
 * messages (scripts.finishedErrors, LockManager.extendLocks); connection-error-logger.spec covers them.
 */
const LOST_JOB =
  /^(?:Missing key for job (?<missingKey>\S+)\. |Missing lock for job (?<missingLock>\S+)\. |Lock mismatch for job (?<mismatch>\S+)\. |could not renew lock for job (?<renewal>\S+)$)/;

/** The id of the job an error message says was lost, or undefined for any other error. */
export function lostJobId(message: string): string | undefined {
  const groups = LOST_JOB.exec(message)?.groups;
  if (!groups) return undefined;
  return groups['missingKey'] ?? groups['missingLock'] ?? groups['mismatch'] ?? groups['renewal'];
}
