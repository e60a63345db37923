import { Logger } from '@nestjs/common';
import { QueueName, type LlmRankingPayload } from '@alkdrec/contracts';
import { MOVIE_DOMAIN, rankingCandidates } from '@alkdrec/llm';
import { AnthropicBatchProvider, AnthropicProvider, BatchingAnthropicProvider, type LlmProvider } from '@alkdrec/llm-providers';
import { jobOptionsFor, loadConfig, QueueFactory, resolveQueueTuning, WorkerHost } from '@alkdrec/service-kit';
import { deleteKeysByPrefix, uniquePrefix } from '@alkdrec/service-kit/testing';
import { LlmBatchRepository, LlmRequestRepository, type PrismaClient } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import type { Queue, QueueEvents } from 'bullmq';
import { Catalogue, type CatalogueCache } from '../catalogue/catalogue-cache';
import { llmWorkerEnvSchema, type LlmWorkerConfig } from '../config/llm-worker-env.schema';
import { RankingProcessor } from '../ranking-queue/ranking.processor';
import { startTestLlmCalls } from './test-llm-calls';

const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
export const TEST_DATASET = 'movielens-test';
export const TEST_MODEL = 'claude-haiku-4-5';

/** 60 made-up movies with MovieLens-like numeric ids; titles carry quotes to keep the prompt honest. */
export const TEST_CATALOGUE = new Catalogue(
  TEST_DATASET,
  Array.from({ length: 60 }, (_, i) => String(1000 + i)),
  Array.from({ length: 60 }, (_, i) => `Movie "${i}" (19${10 + i})`),
  MOVIE_DOMAIN,
);

/** Session `row`: items row..row+4, next item row+5, the first 50 items as the teacher's top-50. */
export function rankingPayload(runId: string, row: number): LlmRankingPayload {
  const nextItem = (row + 5) % 60;
  const teacherTop = Array.from({ length: 50 }, (_, i) => i);
  return {
    runId,
    dataset: TEST_DATASET,
    row,
    sessionItems: [0, 1, 2, 3, 4].map((k) => (row + k) % 60),
    candidates: rankingCandidates(teacherTop, nextItem),
    nextItem,
    hints: ['Genre Affinity: similar genres come next.'],
  };
}

export interface RankingHarness {
  queue: Queue;
  events: QueueEvents;
  db: TestDatabase;
  /** The queue's key prefix: pass it to a second harness to play a restarted worker on the same queue. */
  prefix: string;
  /**
   * Stops the worker and its queue; the database stays when it was passed in (a "restart").
   * `keep`: leave the queue's keys and the database for a worker started after this one.
   */
  close(options?: { keep?: boolean }): Promise<void>;
}

/**
 * The ranking processor on a real BullMQ worker (unique prefix), over the real Anthropic provider
 * pointed at the fake server, with the PostgreSQL response store, request ledger and run budgets in a fresh schema
 * (or in `options.db`, to play a restarted worker). `env` sets worker variables. `options.batch`:
 * the worker's anthropic-batch setup instead (recorded, coalesced batches resumed at start, as
 * LlmModule wires it); `options.prefix`: the queue of a worker started before.
 */
export async function startRankingHarness(
  fakeUrl: string,
  env: Record<string, string> = {},
  options: { provider?: LlmProvider; db?: TestDatabase; batch?: boolean; prefix?: string } = {},
): Promise<RankingHarness> {
  const db = options.db ?? (await createTestDatabase());
  const prefix = options.prefix ?? uniquePrefix('llm-ranking');
  const config = loadConfig(llmWorkerEnvSchema, {
    BULLMQ_PREFIX: prefix,
    REDIS_URL,
    LLM_PROVIDER: 'anthropic',
    LLM_MODEL: TEST_MODEL,
    LLM_BASE_URL: fakeUrl,
    LLM_RANKING_BACKOFF_MS: '50',
    ...env,
  }) as LlmWorkerConfig;
  const batching = options.batch ? testBatchingProvider(fakeUrl, config, db.prisma) : undefined;
  await batching?.resume();
  const llm = batching ?? options.provider ?? new AnthropicProvider({ apiKey: 'test-key', model: TEST_MODEL, baseUrl: fakeUrl, timeoutMs: config.LLM_TIMEOUT_MS });
  const { calls, presence } = await startTestLlmCalls(db.prisma, llm, config);
  const factory = new QueueFactory({ redisUrl: REDIS_URL, prefix }, new Logger('test'));
  const host = new WorkerHost(factory, { shutdownGraceMs: 5_000 });
  const catalogues = { get: async () => TEST_CATALOGUE } as unknown as CatalogueCache;
  new RankingProcessor(host, catalogues, calls, config).onApplicationBootstrap();
  const queue = factory.queue(QueueName.LlmRanking, jobOptionsFor(resolveQueueTuning(QueueName.LlmRanking, config)));
  const events = factory.queueEvents(QueueName.LlmRanking);
  await events.waitUntilReady();
  return {
    queue,
    events,
    db,
    prefix,
    close: async ({ keep = false } = {}) => {
      // As Nest orders it: the batch provider lets go of its jobs before the workers drain.
      batching?.beforeApplicationShutdown();
      await host.beforeApplicationShutdown();
      await presence.stop();
      await Promise.all([queue.close(), events.close()]);
      if (keep) return;
      await deleteKeysByPrefix(REDIS_URL, prefix);
      if (!options.db) await db.drop();
    },
  };
}

/** The worker's anthropic-batch provider as createWorkerProvider builds it, against the fake server. */
function testBatchingProvider(fakeUrl: string, config: LlmWorkerConfig, prisma: PrismaClient): BatchingAnthropicProvider {
  return new BatchingAnthropicProvider(
    new AnthropicBatchProvider({ apiKey: 'test-key', model: TEST_MODEL, baseUrl: fakeUrl, timeoutMs: config.LLM_TIMEOUT_MS, pollIntervalMs: config.LLM_BATCH_POLL_MS }),
    { windowMs: config.LLM_BATCH_WINDOW_MS, maxRequests: config.LLM_BATCH_MAX_REQUESTS },
    { batches: new LlmBatchRepository(prisma), requests: new LlmRequestRepository(prisma), unconfirmedAfterMs: 10_000, reconcilePollMs: 200 },
  );
}
