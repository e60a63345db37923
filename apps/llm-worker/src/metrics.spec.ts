import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { QueueName, type LlmRankingPayload } from '@alkdrec/contracts';
import { bundledDatasetPaths, DatasetRepository, importDataset } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { rankingCandidates } from '@alkdrec/llm';
import { startFakeLlm, type FakeLlmProcess } from '@alkdrec/llm-providers/testing';
import { parseExposition, QueueFactory, sumOf, type Exposition } from '@alkdrec/service-kit';
import {
  deleteKeysByPrefix,
  startEntryProcess,
  uniquePrefix,
  waitForLogLine,
  type EntryProcess,
} from '@alkdrec/service-kit/testing';

const MAIN = join(__dirname, 'main.js');
const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const DATASET = 'movielens-hetrec2011';
const MODEL = 'claude-haiku-4-5';

/**
 * The llm-worker as a process against the SIMULATED LLM server (one 529 scheduled): after real
 * ranking jobs its /metrics agrees with the request ledger in PostgreSQL, the server's own count
 * and the queue.
 */
describe('llm-worker /metrics after real work', () => {
  let db: TestDatabase;
  let fake: FakeLlmProcess;
  let run: EntryProcess;
  let url: string;
  let datasetId: number;
  const prefix = uniquePrefix('llm-worker-metrics');
  const factory = new QueueFactory({ redisUrl: REDIS_URL, prefix }, new Logger('test'));

  before(async () => {
    db = await createTestDatabase();
    ({ datasetId } = await importDataset(db.prisma, { ...bundledDatasetPaths(DATASET), name: DATASET }));
    fake = await startFakeLlm(['--schedule', '529:1']);
    run = startEntryProcess(MAIN, {
      BULLMQ_PREFIX: prefix,
      DATABASE_URL: db.databaseUrl,
      DATABASE_SCHEMA: db.schema,
      LLM_PROVIDER: 'anthropic',
      LLM_MODEL: MODEL,
      ANTHROPIC_API_KEY: 'sk-test-metrics',
      LLM_BASE_URL: fake.url,
      LLM_RANKING_BACKOFF_MS: '50',
    });
    url = String((await waitForLogLine(run, /ready for probes/))['url']);
    await waitForLogLine(run, /worker started on/, 2);
  });
  after(async () => {
    run.kill('SIGTERM');
    await run.exited;
    await fake.stop();
    await deleteKeysByPrefix(REDIS_URL, prefix);
    await db.drop();
  });

  const scrape = async (): Promise<Exposition> => {
    const response = await fetch(`${url}/metrics`);
    assert.equal(response.status, 200);
    return parseExposition(await response.text());
  };

  it('counts requests, answers, the fault, tokens, dollars and latency as the ledger has them, and the jobs and queue', async () => {
    const { train } = await new DatasetRepository(db.prisma).loadSplits(datasetId);
    const queue = factory.queue(QueueName.LlmRanking);
    const events = factory.queueEvents(QueueName.LlmRanking);
    try {
      await events.waitUntilReady();
      const jobs = await Promise.all(
        train.slice(0, 3).map((session) => {
          const payload: LlmRankingPayload = {
            runId: 'metrics-run',
            dataset: DATASET,
            row: session.row,
            sessionItems: session.items,
            candidates: rankingCandidates(Array.from({ length: 50 }, (_, i) => i), session.next),
            nextItem: session.next,
            hints: [],
          };
          return queue.add('rank', payload, { jobId: `rank-metrics-run-${session.row}`, attempts: 3, backoff: { type: 'fixed', delay: 50 } });
        }),
      );
      for (const job of jobs) await job.waitUntilFinished(events, 60_000);

      const exposition = await scrape();
      const rows = await db.prisma.llmRequest.findMany();
      const answered = rows.filter((r) => r.state === 'ANSWERED');
      const stats = await fake.stats();
      const labels = { provider: 'anthropic', model: MODEL };

      // Every request once: the ledger's rows, the server's count and the metric agree (3 answers + the 529).
      assert.equal(rows.length, 4);
      assert.equal(sumOf(exposition, 'alkdrec_llm_requests_total', { ...labels, kind: 'rank' }), rows.length);
      assert.equal(sumOf(exposition, 'alkdrec_llm_requests_total'), stats.requests['messages']);
      assert.equal(sumOf(exposition, 'alkdrec_llm_answers_total', { ...labels, kind: 'rank', usable: 'true' }), answered.length);
      assert.equal(sumOf(exposition, 'alkdrec_llm_faults_total', { provider: 'anthropic', class: 'overloaded_error' }), 1);
      assert.equal(sumOf(exposition, 'alkdrec_llm_faults_total'), 1);
      assert.equal(sumOf(exposition, 'alkdrec_llm_requests_lost_total'), 0);
      const tokens = (key: 'inputTokens' | 'outputTokens') => answered.reduce((n, r) => n + r[key], 0);
      assert.ok(tokens('inputTokens') > 0);
      assert.equal(sumOf(exposition, 'alkdrec_llm_tokens_total', { ...labels, direction: 'input' }), tokens('inputTokens'));
      assert.equal(sumOf(exposition, 'alkdrec_llm_tokens_total', { ...labels, direction: 'output' }), tokens('outputTokens'));
      const usd = answered.reduce((n, r) => n + Number(r.costUsd), 0);
      assert.ok(Math.abs(sumOf(exposition, 'alkdrec_llm_cost_usd_total', labels) - usd) < 1e-9, `cost ${usd}`);
      assert.equal(sumOf(exposition, 'alkdrec_llm_provider_latency_seconds_count', labels), answered.length);

      assert.equal(sumOf(exposition, 'alkdrec_jobs_completed_total', { queue: QueueName.LlmRanking, name: 'rank' }), 3);
      assert.equal(sumOf(exposition, 'alkdrec_jobs_failed_total', { queue: QueueName.LlmRanking, name: 'rank', final: 'false' }), 1);
      assert.equal(sumOf(exposition, 'alkdrec_job_duration_seconds_count', { queue: QueueName.LlmRanking, outcome: 'completed' }), 3);
      assert.equal(sumOf(exposition, 'alkdrec_queue_jobs', { queue: QueueName.LlmRanking, state: 'completed' }), 3);
      assert.equal(sumOf(exposition, 'alkdrec_queue_jobs', { queue: QueueName.LlmHints, state: 'wait' }), 0);
    } finally {
      await Promise.all([queue.close(), events.close()]);
    }
  });
});
