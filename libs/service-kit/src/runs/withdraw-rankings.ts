import type { Job } from 'bullmq';

/**
 * Withdraws the ranking jobs of a run's fan-out that no llm-worker has taken: they are removed from
 * the flow (and from the parent's dependencies, so the collect job runs once the taken ones are
 * done). A ranking job an llm-worker is running is left alone: its request finishes, is paid once
 * and recorded as usual (ledger and response store), and the collect job stores its answer. Returns
 * how many were withdrawn; 0 when Redis cannot be asked (a later cancel or the driver tries again).
 */
export async function withdrawUnstartedRankings(parent: Job): Promise<number> {
  try {
    const before = await parent.getDependenciesCount({ unprocessed: true });
    await parent.removeUnprocessedChildren();
    const after = await parent.getDependenciesCount({ unprocessed: true });
    return Math.max(0, (before.unprocessed ?? 0) - (after.unprocessed ?? 0));
  } catch {
    return 0;
  }
}
