import { Logger, Module } from '@nestjs/common';
import { LlmBatchRepository, LlmCallRepository } from '@alkdrec/db';
import { createLlmProvider, describeLlmEndpoint, resolveLlmEndpoint, type LlmProvider } from '@alkdrec/llm-providers';
import { PrismaHolder, SERVICE_CONFIG } from '@alkdrec/service-kit';
import { CatalogueCache } from '../catalogue/catalogue-cache';
import type { LlmWorkerConfig } from '../config/llm-worker-env.schema';
import { providerConfigOf } from '../config/provider-config';
import { CoalescingBatchProvider } from './coalescing-batch-provider';
import { LLM_CALL_STORE, type LlmCallStore } from './llm-call-store';
import { LLM_CALLS, LlmCalls } from './llm-calls';
import { PrismaCallStore } from './prisma-call-store';
import { PrismaRunBudget } from './prisma-run-budget';
import { RUN_BUDGET, type RunBudget } from './run-budget';

export const LLM_PROVIDER = Symbol('LLM_PROVIDER');

/** The LLM side of the worker, shared by both queues: provider, response store, run budgets, catalogues. */
@Module({
  providers: [
    PrismaHolder,
    { provide: CatalogueCache, inject: [PrismaHolder], useFactory: (prisma: PrismaHolder) => new CatalogueCache(prisma.client) },
    {
      provide: LLM_PROVIDER,
      inject: [SERVICE_CONFIG, PrismaHolder],
      useFactory: (config: LlmWorkerConfig, prisma: PrismaHolder): LlmProvider => {
        const providerConfig = providerConfigOf(config);
        const created = createLlmProvider(providerConfig);
        // Batches are recorded in PostgreSQL: a restarted worker resumes them at bootstrap (Nest calls the provider's hooks).
        const provider: LlmProvider =
          created.name === 'anthropic-batch'
            ? new CoalescingBatchProvider(
                created,
                { windowMs: config.LLM_BATCH_WINDOW_MS, maxRequests: config.LLM_BATCH_MAX_REQUESTS },
                { calls: new LlmCallRepository(prisma.client), batches: new LlmBatchRepository(prisma.client) },
              )
            : created;
        // Names and the endpoint's host only: the key stays inside the provider's client.
        const endpoint = resolveLlmEndpoint(providerConfig);
        new Logger('LlmProvider').log({
          msg: `provider ${provider.name}, model ${provider.model}, sends to ${describeLlmEndpoint(endpoint)}`,
          provider: provider.name,
          model: provider.model,
          ...(endpoint === undefined ? {} : { endpoint: endpoint.origin, endpointSource: endpoint.source }),
        });
        return provider;
      },
    },
    { provide: LLM_CALL_STORE, inject: [PrismaHolder], useFactory: (prisma: PrismaHolder): LlmCallStore => new PrismaCallStore(prisma.client) },
    {
      provide: RUN_BUDGET,
      inject: [PrismaHolder, SERVICE_CONFIG],
      useFactory: (prisma: PrismaHolder, config: LlmWorkerConfig): RunBudget =>
        new PrismaRunBudget(prisma.client, { maxUsd: config.LLM_RUN_MAX_USD, maxCalls: config.LLM_RUN_MAX_CALLS }),
    },
    {
      provide: LLM_CALLS,
      inject: [LLM_PROVIDER, LLM_CALL_STORE, RUN_BUDGET],
      useFactory: (provider: LlmProvider, store: LlmCallStore, budget: RunBudget) => new LlmCalls(provider, store, budget),
    },
  ],
  exports: [CatalogueCache, LLM_CALLS],
})
export class LlmModule {}
