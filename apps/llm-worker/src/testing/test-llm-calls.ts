import { LlmCallRepository, LlmRequestRepository, LlmRunRepository, LlmWorkerRepository, type PrismaClient } from '@alkdrec/db';
import type { LlmProvider } from '@alkdrec/llm-providers';
import { LlmCalls } from '../llm/llm-calls';
import { WorkerPresence } from '../llm/worker-presence';

/** The few settings LlmCalls takes from the worker's config, with test defaults. */
export interface TestLlmSettings {
  LLM_RUN_MAX_USD?: number | undefined;
  LLM_RUN_MAX_CALLS?: number | undefined;
  LLM_PARSE_FAILED_RETRIES?: number;
  LLM_WORKER_LEASE_MS?: number;
  LLM_CLAIM_WAIT_MS?: number | undefined;
}

/**
 * LlmCalls over the PostgreSQL store and ledger as LlmModule wires it, with a registered worker
 * presence (a worker that never registered counts as dead, and its requests as lost). Stop the
 * presence when done.
 */
export async function startTestLlmCalls(prisma: PrismaClient, provider: LlmProvider, settings: TestLlmSettings = {}): Promise<{ calls: LlmCalls; presence: WorkerPresence }> {
  const presence = new WorkerPresence(new LlmWorkerRepository(prisma), new LlmRequestRepository(prisma), {
    provider: provider.name,
    model: provider.model,
    leaseMs: settings.LLM_WORKER_LEASE_MS ?? 15_000,
  });
  await presence.start();
  const calls = new LlmCalls(
    provider,
    { calls: new LlmCallRepository(prisma), requests: new LlmRequestRepository(prisma), runs: new LlmRunRepository(prisma), presence },
    {
      defaultBudget: { maxUsd: settings.LLM_RUN_MAX_USD, maxCalls: settings.LLM_RUN_MAX_CALLS },
      parseFailedRetries: settings.LLM_PARSE_FAILED_RETRIES ?? 2,
      claimWaitMs: settings.LLM_CLAIM_WAIT_MS ?? 30_000,
    },
  );
  return { calls, presence };
}
