import { Logger, Module } from '@nestjs/common';
import { LlmBatchRepository, LlmCallRepository, LlmRunRepository, LlmWorkerRepository } from '@alkdrec/db';
import { createWorkerProvider, describeLlmEndpoint, resolveLlmEndpoint, type LlmProvider } from '@alkdrec/llm-providers';
import { LlmRequestMeter, MeteredLlmRequestLedger, PrismaHolder, SERVICE_CONFIG, ServiceMetrics, WorkerHost } from '@alkdrec/service-kit';
import { CatalogueCache } from '../catalogue/catalogue-cache';
import type { LlmWorkerConfig } from '../config/llm-worker-env.schema';
import { providerConfigOf } from '../config/provider-config';
import { LLM_CALLS, LlmCalls } from './llm-calls';
import { WorkerPresence } from './worker-presence';

export const LLM_PROVIDER = Symbol('LLM_PROVIDER');

/** Margin on top of a live holder's longest request and a dead one's detection, for LLM_CLAIM_WAIT_MS's default. */
const CLAIM_WAIT_MARGIN_MS = 10_000;

/**
 * The LLM side of the worker, shared by both queues: provider, response store, request ledger, run
 * budgets, presence. One metered ledger serves every writer of request outcomes (the calls, the
 * batch collector, the presence sweeps), so the LLM metrics count each request once.
 */
@Module({
  providers: [
    PrismaHolder,
    { provide: LlmRequestMeter, inject: [ServiceMetrics], useFactory: (metrics: ServiceMetrics) => new LlmRequestMeter(metrics) },
    {
      provide: MeteredLlmRequestLedger,
      inject: [PrismaHolder, LlmRequestMeter],
      useFactory: (prisma: PrismaHolder, meter: LlmRequestMeter) => new MeteredLlmRequestLedger(prisma.client, meter),
    },
    { provide: CatalogueCache, inject: [PrismaHolder], useFactory: (prisma: PrismaHolder) => new CatalogueCache(prisma.client) },
    {
      provide: LLM_PROVIDER,
      inject: [SERVICE_CONFIG, PrismaHolder, MeteredLlmRequestLedger],
      useFactory: (config: LlmWorkerConfig, prisma: PrismaHolder, ledger: MeteredLlmRequestLedger): LlmProvider => {
        const logger = new Logger('LlmProvider');
        const providerConfig = providerConfigOf(config);
        // Batches are recorded in PostgreSQL: a restarted worker resumes them at bootstrap (Nest calls the provider's hooks).
        const provider = createWorkerProvider(providerConfig, {
          options: { windowMs: config.LLM_BATCH_WINDOW_MS, maxRequests: config.LLM_BATCH_MAX_REQUESTS },
          journal: {
            batches: new LlmBatchRepository(prisma.client),
            requests: ledger,
            unconfirmedAfterMs: config.LLM_TIMEOUT_MS + 60_000,
            log: ({ level, msg, batchId }) => (level === 'warn' ? logger.warn({ msg, batchId }) : logger.log({ msg, batchId })),
          },
        });
        ledger.meter.identify({ provider: provider.name, model: provider.model });
        // Names and the endpoint's host only: the key stays inside the provider's client.
        const endpoint = resolveLlmEndpoint(providerConfig);
        logger.log({
          msg: `provider ${provider.name}, model ${provider.model}, sends to ${describeLlmEndpoint(endpoint)}`,
          provider: provider.name,
          model: provider.model,
          ...(endpoint === undefined ? {} : { endpoint: endpoint.origin, endpointSource: endpoint.source }),
        });
        return provider;
      },
    },
    {
      provide: WorkerPresence,
      inject: [PrismaHolder, SERVICE_CONFIG, LLM_PROVIDER, WorkerHost, MeteredLlmRequestLedger],
      useFactory: (prisma: PrismaHolder, config: LlmWorkerConfig, provider: LlmProvider, host: WorkerHost, ledger: MeteredLlmRequestLedger) =>
        new WorkerPresence(
          new LlmWorkerRepository(prisma.client),
          ledger,
          { provider: provider.name, model: provider.model, leaseMs: config.LLM_WORKER_LEASE_MS },
          host,
        ),
    },
    {
      provide: LLM_CALLS,
      inject: [LLM_PROVIDER, PrismaHolder, WorkerPresence, SERVICE_CONFIG, MeteredLlmRequestLedger],
      useFactory: (provider: LlmProvider, prisma: PrismaHolder, presence: WorkerPresence, config: LlmWorkerConfig, ledger: MeteredLlmRequestLedger) =>
        new LlmCalls(
          provider,
          {
            calls: new LlmCallRepository(prisma.client),
            requests: ledger,
            runs: new LlmRunRepository(prisma.client),
            presence,
          },
          {
            defaultBudget: { maxUsd: config.LLM_RUN_MAX_USD, maxCalls: config.LLM_RUN_MAX_CALLS },
            parseFailedRetries: config.LLM_PARSE_FAILED_RETRIES,
            claimWaitMs: config.LLM_CLAIM_WAIT_MS ?? config.LLM_TIMEOUT_MS + config.LLM_WORKER_LEASE_MS + CLAIM_WAIT_MARGIN_MS,
            meter: ledger.meter,
          },
        ),
    },
  ],
  exports: [CatalogueCache, LLM_CALLS],
})
export class LlmModule {}
