import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LlmRankingJob, llmRankingJobId, LlmRankingResult, type LlmRankingPayload } from '@alkdrec/contracts';
import { AnthropicProvider } from '@alkdrec/llm-providers';
import { startFakeLlm, type FakeLlmProcess } from '@alkdrec/llm-providers/testing';
import { captureNestLogs } from '@alkdrec/service-kit/testing';
import type { Job } from 'bullmq';
import { rankingPayload, startRankingHarness, TEST_CATALOGUE, TEST_MODEL, type RankingHarness } from '../testing/ranking-harness';

// The worker's logs are asserted through results and server stats; keep the test output readable.
const logs = captureNestLogs();
after(() => logs.restore());

async function run(h: RankingHarness, payload: LlmRankingPayload, timeoutMs = 20_000): Promise<LlmRankingResult> {
  const job = await h.queue.add(LlmRankingJob.Rank, payload, { jobId: llmRankingJobId(payload.runId, payload.row) });
  return LlmRankingResult.parse(await job.waitUntilFinished(h.events, timeoutMs));
}

/** Opens a fake server and a harness for one test, closes both after. */
async function withFake<T>(args: string[], env: Record<string, string>, body: (h: RankingHarness, fake: FakeLlmProcess) => Promise<T>): Promise<T> {
  const fake = await startFakeLlm(args);
  const harness = await startRankingHarness(fake.url, env);
  try {
    return await body(harness, fake);
  } finally {
    await harness.close();
    await fake.stop();
  }
}

describe('RankingProcessor with the fake Anthropic server', () => {
  let fake: FakeLlmProcess;
  let harness: RankingHarness;
  before(async () => {
    fake = await startFakeLlm();
    harness = await startRankingHarness(fake.url);
  });
  after(async () => {
    await harness.close();
    await fake.stop();
  });

  it('ranks a session: candidate indices only, the true position, the billed cost', async () => {
    const payload = rankingPayload('run-a', 3);
    const result = await run(harness, payload);
    assert.equal(result.status, 'ranked');
    assert.equal(result.ranking.length, 25);
    assert.ok(result.ranking.every((index) => payload.candidates.includes(index)));
    const position = result.ranking.indexOf(payload.nextItem);
    assert.equal(result.truePosition, position === -1 ? null : position);
    assert.ok(result.costUsd > 0, 'a Haiku call costs something');
    assert.equal(result.cached, false);
    assert.equal(result.attempts, 1);
    assert.equal((await fake.stats()).generations['messages'], 1);
  });

  it('answers the same prompt from the store in another run: no new request, no cost', async () => {
    const before = (await fake.stats()).requests['messages'] ?? 0;
    const first = await run(harness, rankingPayload('run-b', 7));
    const second = await run(harness, rankingPayload('run-c', 7));
    assert.equal(second.status, 'ranked');
    assert.deepEqual(second.ranking, first.ranking);
    assert.equal(second.cached, true);
    assert.equal(second.costUsd, 0);
    assert.equal((await fake.stats()).requests['messages'], before + 1, 'the second job must not reach the server');
  });

  it('never pays twice across a restart: a new worker on the same database reuses the stored answer', async () => {
    const first = await run(harness, rankingPayload('run-d', 9));
    const restarted = await startRankingHarness(fake.url, {}, { db: harness.db });
    try {
      const before = (await fake.stats()).requests['messages'];
      const again = await run(restarted, rankingPayload('run-d', 9));
      assert.deepEqual(again.ranking, first.ranking);
      assert.equal(again.cached, true);
      assert.equal((await fake.stats()).requests['messages'], before);
      const rows = await harness.db.prisma.llmCall.count();
      assert.equal(rows, (await fake.stats()).generations['messages'], 'one stored call per paid generation');
    } finally {
      await restarted.close();
    }
  });
});

describe('RankingProcessor error mapping', () => {
  it('turns a 429 into a queue delay of retry-after, then succeeds without using an attempt', async () => {
    await withFake(['--schedule', '429:1', '--retry-after', '1'], { LLM_RANKING_ATTEMPTS: '1' }, async (h, fake) => {
      const started = Date.now();
      const result = await run(h, rankingPayload('run-429', 1));
      assert.equal(result.status, 'ranked');
      assert.ok(Date.now() - started >= 900, `retry-after 1 s not honoured (${Date.now() - started} ms)`);
      const stats = await fake.stats();
      assert.equal(stats.faults['rate-limit-429'], 1);
      assert.equal(stats.generations['messages'], 2);
    });
  });

  it('retries 529, 500 and a hanging request with backoff', async () => {
    const args = ['--schedule', '529:1', '--schedule', '500:1', '--schedule', 'hang:1'];
    await withFake(args, { LLM_TIMEOUT_MS: '500', LLM_RANKING_ATTEMPTS: '4' }, async (h, fake) => {
      const payload = rankingPayload('run-transient', 2);
      const result = await run(h, payload);
      assert.equal(result.status, 'ranked');
      const job = (await h.queue.getJob(llmRankingJobId(payload.runId, payload.row))) as Job;
      assert.equal(job.attemptsMade, 4, 'three failed tries, then the answer');
      const stats = await fake.stats();
      assert.deepEqual([stats.faults['overloaded-529'], stats.faults['server-error-500'], stats.faults['hang']], [1, 1, 1]);
    });
  });

  it('asks once more with the corrective message after an answer without ids', async () => {
    await withFake(['--schedule', 'malformed:1'], {}, async (h, fake) => {
      const result = await run(h, rankingPayload('run-malformed', 4));
      assert.equal(result.status, 'ranked');
      assert.equal(result.attempts, 2);
      assert.equal((await fake.stats()).generations['messages'], 2);
    });
  });

  it('records parse-failed when the corrective retry is unusable too, and does not retry the job', async () => {
    await withFake(['--schedule', 'malformed:1', '--schedule', 'off-candidate:1'], {}, async (h, fake) => {
      const result = await run(h, rankingPayload('run-unparseable', 5));
      assert.equal(result.status, 'parse-failed');
      assert.deepEqual(result.ranking, []);
      assert.equal(result.attempts, 2);
      assert.equal((await fake.stats()).generations['messages'], 2);
    });
  });

  it('fails a permanent error (404 from a wrong endpoint) at once, without retries', async () => {
    const fake = await startFakeLlm();
    const wrong = new AnthropicProvider({ apiKey: 'k', model: TEST_MODEL, baseUrl: `${fake.url}/not-the-api`, timeoutMs: 5_000 });
    const h = await startRankingHarness(fake.url, { LLM_RANKING_ATTEMPTS: '5' }, { provider: wrong });
    try {
      const payload = rankingPayload('run-permanent', 6);
      await assert.rejects(run(h, payload), /ProviderPermanentError/);
      const job = (await h.queue.getJob(llmRankingJobId(payload.runId, payload.row))) as Job;
      assert.equal(job.attemptsMade, 1);
    } finally {
      await h.close();
      await fake.stop();
    }
  });

  it('stops dispatching when the run budget is spent: later jobs end budget-exhausted, unsent', async () => {
    await withFake([], { LLM_RUN_MAX_CALLS: '2', LLM_RANKING_CONCURRENCY: '1' }, async (h, fake) => {
      const results = [];
      for (const row of [10, 11, 12, 13]) results.push(await run(h, rankingPayload('run-budget', row)));
      assert.deepEqual(results.map((r) => r.status), ['ranked', 'ranked', 'budget-exhausted', 'budget-exhausted']);
      assert.equal((await fake.stats()).generations['messages'], 2);
      // Another run has its own budget.
      assert.equal((await run(h, rankingPayload('run-budget-2', 10))).status, 'ranked');
    });
  });

  it('never overshoots a USD budget: one smaller than a call\'s maximum cost sends nothing', async () => {
    await withFake([], { LLM_RUN_MAX_USD: '0.001' }, async (h, fake) => {
      const result = await run(h, rankingPayload('run-usd', 1));
      assert.equal(result.status, 'budget-exhausted');
      assert.equal(result.attempts, 0);
      assert.equal((await fake.stats()).generations['messages'], 0);
      const ledger = await h.db.prisma.llmRun.findUnique({ where: { id: 'run-usd' } });
      assert.equal(Number(ledger?.spentUsd), 0);
      assert.equal(ledger?.reservedCalls, 0, 'the refused reservation left nothing behind');
    });
  });

  it('refuses a payload that breaks the contract without calling the provider', async () => {
    await withFake([], {}, async (h, fake) => {
      const bad = { ...rankingPayload('run-bad', 1), nextItem: 59 };
      const job = await h.queue.add(LlmRankingJob.Rank, bad, { jobId: 'bad-payload' });
      await assert.rejects(job.waitUntilFinished(h.events, 10_000), /next item must be among the candidates/);
      assert.equal((await fake.stats()).generations['messages'], 0);
      assert.equal(TEST_CATALOGUE.ids.length, 60);
    });
  });
});

describe('RankingProcessor and the run\'s provider', () => {
  it('refuses a job planned for another provider, without sending anything', async () => {
    await withFake([], {}, async (h, fake) => {
      const payload = { ...rankingPayload('run-other-provider', 5), provider: 'replay' as const };
      const job = await h.queue.add(LlmRankingJob.Rank, payload, { jobId: llmRankingJobId(payload.runId, payload.row) });
      await assert.rejects(job.waitUntilFinished(h.events, 20_000), /expects LLM provider "replay" but this llm-worker serves "anthropic"/);
      const failed = await h.queue.getJob(job.id as string);
      assert.equal(failed?.attemptsMade, 1, 'permanent: not retried');
      assert.equal((await fake.stats()).requests['messages'] ?? 0, 0);
    });
  });
});
