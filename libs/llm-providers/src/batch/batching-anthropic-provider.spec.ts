import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  LlmBatchRepository,
  LlmCallRepository,
  LlmRequestRepository,
  LlmRunRepository,
  LlmWorkerRepository,
} from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { FakeLlmServer } from '@alkdrec/fake-llm';
import { llmCallKey, llmCallPrompt } from '../llm-call-key';
import type { LlmRequest, RequestTicket } from '../llm-provider';
import { AnthropicBatchProvider } from './anthropic-batch-provider';
import { BatchingAnthropicProvider } from './batching-anthropic-provider';

const MODEL = 'claude-haiku-4-5';
const WORKER = 'spec-worker';

/**
 * The batching provider with its journal against the SIMULATED Anthropic server (in process): every
 * request is claimed and opened in the ledger as the worker does it, then sent with its ticket.
 */
describe(BatchingAnthropicProvider.name, () => {
  let db: TestDatabase;
  const servers: FakeLlmServer[] = [];

  before(async () => {
    db = await createTestDatabase();
    await new LlmWorkerRepository(db.prisma).register({ id: WORKER, host: 'h', pid: 1, provider: 'anthropic-batch', model: MODEL, leaseMs: 600_000 });
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await db.drop();
  });

  async function server(options: ConstructorParameters<typeof FakeLlmServer>[0]): Promise<FakeLlmServer> {
    const fake = new FakeLlmServer(options);
    await fake.start();
    servers.push(fake);
    return fake;
  }

  function provider(baseUrl: string, unconfirmedAfterMs = 60_000): BatchingAnthropicProvider {
    return new BatchingAnthropicProvider(
      new AnthropicBatchProvider({ apiKey: 'k', model: MODEL, baseUrl, timeoutMs: 5_000, pollIntervalMs: 50 }),
      { windowMs: 100, maxRequests: 1000 },
      { batches: new LlmBatchRepository(db.prisma), requests: new LlmRequestRepository(db.prisma), unconfirmedAfterMs, reconcilePollMs: 50 },
    );
  }

  /** Claims and opens `count` requests of run `runId` as jobs would; returns each request with its ticket. */
  async function tickets(batching: BatchingAnthropicProvider, runId: string, count: number): Promise<Array<{ request: LlmRequest; ticket: RequestTicket }>> {
    const runs = new LlmRunRepository(db.prisma);
    await runs.getOrCreate(runId, {});
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const request: LlmRequest = { user: `Summarise case ${runId} ${i}.`, maxTokens: 100 };
        const callKey = llmCallKey(batching, request);
        const owner = `job-${runId}-${i}`;
        const claim = await new LlmCallRepository(db.prisma).claim(callKey, { provider: batching.name, model: MODEL, prompt: llmCallPrompt(batching, request), owner, worker: WORKER });
        assert.equal(claim.kind, 'claimed');
        const requestId = randomUUID();
        await new LlmRequestRepository(db.prisma).open({ id: requestId, callKey, runId, owner, workerId: WORKER, estimatedUsd: 0.01 }, runs);
        return { request, ticket: { requestId, callKey, owner, judge: () => ({ usable: true, parsed: null }) } };
      }),
    );
  }

  const statesOf = async (runId: string) => (await db.prisma.llmRequest.findMany({ where: { runId } })).map((r) => r.state).sort();

  it("records one batch for concurrent jobs' requests, and every answer in the ledger at half price", async () => {
    const fake = await server({ batchProcessingMs: 100 });
    const batching = provider(fake.url);
    const sent = await tickets(batching, 'b-one', 5);
    const answers = await Promise.all(sent.map(({ request, ticket }) => batching.complete(request, { ticket })));
    assert.ok(answers.every((a) => a.kind === 'answer' && a.text.length > 0));
    assert.equal(fake.stats().batches.created, 1);
    assert.deepEqual(await statesOf('b-one'), Array(5).fill('ANSWERED'));
    const batch = await db.prisma.llmBatch.findFirstOrThrow({ where: { items: { some: { requestId: sent[0]!.ticket.requestId } } } });
    assert.equal(batch.status, 'COLLECTED');
    const run = await db.prisma.llmRun.findUniqueOrThrow({ where: { id: 'b-one' } });
    assert.deepEqual([run.reservedCalls, run.spentCalls], [0, 5]);
  });

  it('reconciles a create whose answer never arrived: the batch the provider made is adopted, nothing is sent twice', async () => {
    const fake = await server({ batchProcessingMs: 200, dropBatchCreateResponses: 1 });
    const batching = provider(fake.url);
    const sent = await tickets(batching, 'b-dropped', 3);
    const answers = await Promise.all(sent.map(({ request, ticket }) => batching.complete(request, { ticket })));
    assert.ok(answers.every((a) => a.kind === 'answer'));
    const stats = fake.stats();
    assert.equal(stats.batches.created, 1, 'the batch was not created a second time');
    assert.equal(stats.requests['batches.list'] > 0, true, 'found through the batch list');
    assert.equal(stats.delivered.promptsAnsweredTwice, 0);
    assert.deepEqual(await statesOf('b-dropped'), Array(3).fill('ANSWERED'));
    const batch = await db.prisma.llmBatch.findFirstOrThrow({ where: { items: { some: { requestId: sent[0]!.ticket.requestId } } } });
    assert.deepEqual([batch.status, batch.providerBatchId?.startsWith('msgbatch')], ['COLLECTED', true]);
  });

  it('abandons a batch the provider refused: requests failed, calls free again, nothing billed', async () => {
    const fake = await server({});
    const batching = provider(`${fake.url}/nowhere`);
    const sent = await tickets(batching, 'b-refused', 2);
    const results = await Promise.allSettled(sent.map(({ request, ticket }) => batching.complete(request, { ticket })));
    assert.ok(results.every((r) => r.status === 'rejected'));
    assert.deepEqual(await statesOf('b-refused'), ['FAILED', 'FAILED']);
    const calls = await db.prisma.llmCall.findMany({ where: { key: { in: sent.map((s) => s.ticket.callKey) } } });
    assert.ok(calls.every((c) => c.status === 'FAILED' && c.claimedBy === null));
    const run = await db.prisma.llmRun.findUniqueOrThrow({ where: { id: 'b-refused' } });
    assert.deepEqual([run.reservedCalls, run.spentCalls, Number(run.spentUsd)], [0, 0, 0]);
  });

  it('abandons, on resume, an intent the provider never saw (a crash before the create): its calls are freed, not sent', async () => {
    const fake = await server({ batchProcessingMs: 50 });
    const batching = provider(fake.url, 300);
    const [{ ticket }] = (await tickets(batching, 'b-crashed', 1)) as [{ request: LlmRequest; ticket: RequestTicket }];
    // What a worker that died right after recording its intent leaves behind.
    await new LlmBatchRepository(db.prisma).recordIntent({
      batchId: 'intent-of-a-dead-worker',
      provider: 'anthropic-batch',
      model: MODEL,
      items: [{ customId: ticket.callKey, callKey: ticket.callKey, requestId: ticket.requestId, owner: ticket.owner }],
    });
    const resumed = provider(fake.url, 300);
    assert.equal(await resumed.awaitHolder('batch:intent-of-a-dead-worker'), true);
    assert.equal((await db.prisma.llmBatch.findUniqueOrThrow({ where: { id: 'intent-of-a-dead-worker' } })).status, 'ABANDONED');
    assert.deepEqual(await statesOf('b-crashed'), ['FAILED']);
    assert.equal((await db.prisma.llmCall.findUniqueOrThrow({ where: { key: ticket.callKey } })).status, 'FAILED');
    assert.equal(fake.stats().batches.created, 0);
  });
});
