import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { LlmRankingJob, llmRankingJobId, LlmRankingResult } from '@alkdrec/contracts';
import { captureNestLogs } from '@alkdrec/service-kit/testing';
import { Job } from 'bullmq';
import { startFakeLlm } from '@alkdrec/llm-providers/testing';
import { rankingPayload, startRankingHarness } from '../testing/ranking-harness';

const logs = captureNestLogs();
after(() => logs.restore());

async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('anthropic-batch across a worker restart', () => {
  it('records the shared batch, stores each answer with its parse, and bills the run at half price', async () => {
    const fake = await startFakeLlm(['--batch-processing-ms', '300']);
    const h = await startRankingHarness(fake.url, { LLM_PROVIDER: 'anthropic-batch', LLM_BATCH_POLL_MS: '50', LLM_BATCH_WINDOW_MS: '200' }, { batch: true });
    try {
      const payloads = [4, 5, 6, 7].map((row) => rankingPayload('run-batch-live', row));
      const jobs = await Promise.all(payloads.map((p) => h.queue.add(LlmRankingJob.Rank, p, { jobId: llmRankingJobId(p.runId, p.row) })));
      const results = await Promise.all(jobs.map(async (job) => LlmRankingResult.parse(await job.waitUntilFinished(h.events, 20_000))));
      assert.ok(results.every((r) => r.status === 'ranked' && r.cached === false && r.costUsd > 0));
      assert.equal((await fake.stats()).batches.created, 1);
      const batch = await h.db.prisma.llmBatch.findFirstOrThrow({ include: { items: true } });
      assert.equal(batch.status, 'COLLECTED');
      assert.equal(batch.items.length, 4);
      const calls = await h.db.prisma.llmCall.findMany();
      assert.ok(calls.every((c) => c.status === 'SUCCEEDED' && c.parsed !== null && c.attempts === 1 && c.claimedBy === null));
      const stored = calls.reduce((sum, c) => sum + Number(c.costUsd), 0);
      const run = await h.db.prisma.llmRun.findUniqueOrThrow({ where: { id: 'run-batch-live' } });
      assert.ok(Math.abs(Number(run.spentUsd) - stored) < 1e-9, 'the run ledger and the store agree');
      assert.ok(Math.abs(results.reduce((sum, r) => sum + r.costUsd, 0) - stored) < 1e-9);
      assert.equal(run.reservedCalls, 0);
    } finally {
      await h.close();
      await fake.stop();
    }
  });

  it('a worker stopped mid-batch pays nothing twice: the next worker resumes the recorded batch and the jobs complete', async () => {
    // The batch ends 4 s after it is created: the first worker is stopped well before that.
    const fake = await startFakeLlm(['--batch-processing-ms', '4000']);
    const env = {
      LLM_PROVIDER: 'anthropic-batch',
      LLM_BATCH_POLL_MS: '100',
      LLM_BATCH_WINDOW_MS: '200',
      // Long enough that the stopping worker does not fetch the retried jobs again.
      LLM_RANKING_BACKOFF_MS: '1000',
    };
    const first = await startRankingHarness(fake.url, env, { batch: true });
    const payloads = [1, 2, 3].map((row) => rankingPayload('run-batch-restart', row));
    let second: Awaited<ReturnType<typeof startRankingHarness>> | undefined;
    try {
      for (const payload of payloads) await first.queue.add(LlmRankingJob.Rank, payload, { jobId: llmRankingJobId(payload.runId, payload.row) });
      await until(async () => (await first.db.prisma.llmBatch.count({ where: { status: 'IN_PROGRESS' } })) === 1, 10_000, 'the batch to be created and recorded');
      const recorded = await first.db.prisma.llmBatch.findFirstOrThrow({ include: { items: true } });
      assert.ok(recorded.providerBatchId?.startsWith('msgbatch'), 'the provider id is recorded beside ours');
      assert.equal(recorded.items.length, 3, 'the three jobs share one batch');
      const held = await first.db.prisma.llmCall.findMany();
      assert.ok(held.every((call) => call.status === 'PENDING' && call.claimedBy === `batch:${recorded.id}`), 'the batch holds the calls');

      // "Kill" the worker: its in-memory grouping and polling are gone, the batch goes on at the provider.
      await first.close({ keep: true });
      assert.equal((await first.db.prisma.llmBatch.findFirstOrThrow()).status, 'IN_PROGRESS', 'stopped before the batch ended');

      second = await startRankingHarness(fake.url, env, { batch: true, db: first.db, prefix: first.prefix });
      const results = await Promise.all(
        payloads.map(async (payload) => {
          const job = await Job.fromId(second!.queue, llmRankingJobId(payload.runId, payload.row));
          assert.ok(job, 'the job is still in the queue');
          return LlmRankingResult.parse(await job.waitUntilFinished(second!.events, 30_000));
        }),
      );
      for (const result of results) {
        assert.equal(result.status, 'ranked');
        assert.equal(result.ranking.length, 25);
        assert.equal(result.cached, true, 'answered from the store by the resumed batch');
      }

      const stats = await fake.stats();
      assert.equal(stats.batches.created, 1, 'exactly one batch was created');
      assert.equal(stats.batches.requests, 3, 'each call was sent once');
      assert.equal(stats.requests['messages'] ?? 0, 0, 'nothing went to the Messages API');
      const calls = await first.db.prisma.llmCall.findMany();
      assert.equal(calls.length, 3);
      assert.ok(calls.every((call) => call.status === 'SUCCEEDED' && call.rawAnswer !== null && Number(call.costUsd) > 0 && call.claimedBy === null));
      assert.equal((await first.db.prisma.llmBatch.findFirstOrThrow()).status, 'COLLECTED');
      // The ledger: three requests, each answered once at half price, nothing left reserved.
      const requests = await first.db.prisma.llmRequest.findMany();
      assert.deepEqual(requests.map((r) => [r.state, r.batchId]), [1, 2, 3].map(() => ['ANSWERED', recorded.id]));
      const run = await first.db.prisma.llmRun.findUniqueOrThrow({ where: { id: 'run-batch-restart' } });
      assert.deepEqual([run.reservedCalls, Number(run.reservedUsd), run.spentCalls], [0, 0, 3]);
      assert.equal(Number(run.spentUsd).toFixed(9), calls.reduce((sum, call) => sum + Number(call.costUsd), 0).toFixed(9));
    } finally {
      if (second) {
        await second.close(); // the queue's keys; the database was passed in
        await first.db.drop();
      } else await first.close();
      await fake.stop();
    }
  });
});
