import { LlmRankingJob, llmRankingJobId, LlmRankingResult, QueueName, type LlmRankingStatus } from '@alkdrec/contracts';
import { bundledDatasetPaths, importDataset, LlmRequestRepository, type RunLedger } from '@alkdrec/db';
import { createTestDatabase } from '@alkdrec/db/testing';
import { Queue, type Job } from 'bullmq';
import { startFakeLlm, type FakeLlmStatsView } from '@alkdrec/llm-providers/testing';
import { readRequestTimeline, type RequestTimeline } from './bench-llm-ledger';
import { startLlmWorkers } from './bench-llm-processes';
import { benchRankingPayloads } from './bench-llm-sessions';

/**
 * Job options are the producer's: the tuning table's LLM ranking row (6 tries, exponential backoff;
 * service-kit is off limits to tools), with a 500 ms first delay instead of 2 s to keep the run short.
 */
const JOB_OPTIONS = { attempts: 6, backoff: { type: 'exponential', delay: 500 } } as const;

export interface BenchRunSpec {
  label: string;
  provider: 'anthropic' | 'anthropic-batch';
  model: string;
  dataset: string;
  sessions: number;
  concurrency: number;
  /** Extra fake-llm flags (latency, faults, batch time). */
  fakeArgs: string[];
  /** LLM_TIMEOUT_MS: how long a hanging request is waited for. */
  timeoutMs: number;
  redisUrl: string;
  /** llm-worker processes consuming the queue, each running `concurrency` jobs at once (default 1). */
  workers?: number;
  /**
   * The queue's BullMQ limiter (LLM_RANKING_RATE_LIMIT_MAX / _DURATION_MS), shared by all workers
   * through Redis. Default 10 000 jobs a second: no limit in practice.
   */
  queueLimiter?: { max: number; durationMs: number };
}

export interface BenchRunReport {
  spec: BenchRunSpec;
  wallMs: number;
  statuses: Record<LlmRankingStatus | 'failed', number>;
  /** Job tries beyond the first (transient errors; 429s wait without using a try). */
  retries: number;
  /** Failed provider requests seen by the workers, by error class (from their logs). */
  workerFaults: Record<string, number>;
  costUsd: number;
  /**
   * What the response store holds afterwards: claims made, calls with an answer stored (SUCCEEDED
   * or PARSE_FAILED), and the run's budget spent.
   */
  store: { claims: number; answersStored: number; runSpentUsd: number };
  /** The run's request ledger: one row per request sent (libs/db LlmRequestRepository). */
  ledger: RunLedger;
  /** When the ledger's requests were sent, and by which worker process. */
  timeline: RequestTimeline;
  fake: FakeLlmStatsView;
}

/**
 * One bench run end to end: a fresh PostgreSQL schema with the dataset imported, the fake server
 * and `workers` llm-workers as child processes on a unique queue prefix, `sessions` ranking jobs
 * added at once (after every worker is up), timed until every job has finished; then everything is
 * read back and torn down.
 */
export async function runLlmBench(spec: BenchRunSpec): Promise<BenchRunReport> {
  const db = await createTestDatabase();
  const prefix = `bench-llm-${process.pid}-${Date.now().toString(36)}`;
  const runId = `bench-${spec.provider}`;
  const fake = await startFakeLlm(spec.fakeArgs);
  let workers: Awaited<ReturnType<typeof startLlmWorkers>> | undefined;
  const queue = new Queue(QueueName.LlmRanking, { connection: { url: spec.redisUrl }, prefix });
  try {
    await importDataset(db.prisma, { ...bundledDatasetPaths(spec.dataset), name: spec.dataset });
    const payloads = await benchRankingPayloads(db.prisma, spec.dataset, runId, spec.sessions);
    const limiter = spec.queueLimiter ?? { max: 10_000, durationMs: 1_000 };
    workers = await startLlmWorkers(spec.workers ?? 1, {
      REDIS_URL: spec.redisUrl,
      DATABASE_URL: db.databaseUrl,
      DATABASE_SCHEMA: db.schema,
      BULLMQ_PREFIX: prefix,
      LLM_PROVIDER: spec.provider,
      LLM_MODEL: spec.model,
      LLM_BASE_URL: fake.url,
      // The fake server wants a key, any key; a real one is never needed (nor logged).
      ANTHROPIC_API_KEY: 'bench-fake-key',
      LLM_TIMEOUT_MS: String(spec.timeoutMs),
      LLM_BATCH_POLL_MS: '250',
      LLM_RANKING_CONCURRENCY: String(spec.concurrency),
      LLM_RANKING_BACKOFF_MS: '500',
      LLM_RANKING_RATE_LIMIT_MAX: String(limiter.max),
      LLM_RANKING_RATE_LIMIT_DURATION_MS: String(limiter.durationMs),
    });

    const started = performance.now();
    await queue.addBulk(payloads.map((data) => ({ name: LlmRankingJob.Rank, data, opts: { ...JOB_OPTIONS, jobId: llmRankingJobId(data.runId, data.row) } })));
    await waitForAll(queue, payloads.length);
    const wallMs = performance.now() - started;

    const [completed, failed] = await Promise.all([queue.getCompleted(0, -1), queue.getFailed(0, -1)]);
    const results = completed.map((job) => LlmRankingResult.parse(job.returnvalue));
    const statuses = { ranked: 0, 'not-available': 0, 'parse-failed': 0, 'budget-exhausted': 0, failed: failed.length };
    for (const r of results) statuses[r.status]++;
    const retries = [...completed, ...failed].reduce((sum: number, job: Job) => sum + Math.max(0, job.attemptsMade - 1), 0);
    const workerFaults: Record<string, number> = {};
    for (const entry of workers.logs()) {
      if (typeof entry['errorClass'] === 'string' && String(entry['msg']).startsWith('llm call failed')) {
        workerFaults[entry['errorClass']] = (workerFaults[entry['errorClass']] ?? 0) + 1;
      }
    }
    const calls = await db.prisma.llmCall.findMany({ select: { attempts: true, status: true } });
    const run = await db.prisma.llmRun.findUnique({ where: { id: runId } });
    return {
      spec,
      wallMs,
      statuses,
      retries,
      workerFaults,
      costUsd: results.reduce((sum, r) => sum + r.costUsd, 0),
      store: {
        claims: calls.reduce((sum, c) => sum + c.attempts, 0),
        answersStored: calls.filter((c) => c.status === 'SUCCEEDED' || c.status === 'PARSE_FAILED').length,
        runSpentUsd: Number(run?.spentUsd ?? 0),
      },
      ledger: await new LlmRequestRepository(db.prisma).runLedger(runId),
      timeline: await readRequestTimeline(db.prisma, runId),
      fake: await fake.stats(),
    };
  } finally {
    await workers?.stop();
    await fake.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    const hints = new Queue(QueueName.LlmHints, { connection: { url: spec.redisUrl }, prefix });
    await hints.obliterate({ force: true }).catch(() => undefined);
    await Promise.all([queue.close(), hints.close()]);
    await db.drop();
  }
}

async function waitForAll(queue: Queue, count: number): Promise<void> {
  for (;;) {
    const counts = await queue.getJobCounts('completed', 'failed');
    if ((counts['completed'] ?? 0) + (counts['failed'] ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
