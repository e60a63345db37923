import { UnrecoverableError } from 'bullmq';

/**
 * A run names the provider it was planned for (RunSpec.provider); a worker configured with another
 * must not answer it: the run's answers, costs and cache keys would silently come from elsewhere.
 * Permanent: another attempt on this worker would refuse again.
 */
export function refuseOtherProvider(expected: string | undefined, served: string, runId: string): void {
  if (expected !== undefined && expected !== served) {
    throw new UnrecoverableError(`run ${runId} expects LLM provider "${expected}" but this llm-worker serves "${served}" (LLM_PROVIDER)`);
  }
}
