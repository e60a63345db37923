import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrismaClient } from '../prisma-client';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { randomUUID } from 'node:crypto';
import { LlmCallNotClaimedError, LlmCallRepository, type ClaimInput } from './llm-call.repository';
import { LlmBatchRepository } from './llm-batch.repository';
import { LlmRequestRepository } from './llm-request.repository';
import { LlmRunRepository } from './llm-run.repository';
import { LlmWorkerRepository } from './llm-worker.repository';

let db: TestDatabase;
let calls: LlmCallRepository;
let workers: LlmWorkerRepository;

before(async () => {
  db = await createTestDatabase();
  calls = new LlmCallRepository(db.prisma);
  workers = new LlmWorkerRepository(db.prisma);
});

/** Answers a claimed call through the request ledger, as a worker does. */
async function answer(key: string, owner: string, usable = true): Promise<void> {
  const runs = new LlmRunRepository(db.prisma);
  await runs.getOrCreate('run', {});
  const requests = new LlmRequestRepository(db.prisma);
  const id = randomUUID();
  await requests.open({ id, callKey: key, runId: 'run', owner, workerId: 'any', estimatedUsd: 0.01 }, runs);
  await requests.answer(id, {
    callKey: key,
    text: usable ? '[<1>, <2>]' : 'I cannot rank these.',
    inputTokens: 1200,
    outputTokens: 90,
    costUsd: 0.001234567,
    latencyMs: 5300.4,
    usable,
    parsed: usable ? { ranking: ['1', '2'], truePosition: 1 } : { error: 'no ids' },
  });
}
after(() => db.drop());

const input = (owner: string, extra: Partial<ClaimInput> = {}): ClaimInput => ({
  provider: 'anthropic',
  model: 'claude-haiku-4-5',
  prompt: { messages: [{ role: 'user', content: 'rank these' }], system: null },
  owner,
  ...extra,
});

describe('LlmCallRepository', () => {
  it('claims a new call once; a stored answer is returned to everyone after, never claimed again', async () => {
    const first = await calls.claim('k1', input('job-1'));
    assert.equal(first.kind, 'claimed');
    assert.equal(first.call.status, 'PENDING');
    assert.equal(first.call.attempts, 1);
    assert.deepEqual(first.call.prompt, { messages: [{ role: 'user', content: 'rank these' }], system: null });

    assert.equal((await calls.claim('k1', input('job-2'))).kind, 'in-flight');

    await answer('k1', 'job-1');
    const done = (await calls.findByKey('k1'))!;
    assert.equal(done.status, 'SUCCEEDED');
    assert.equal(done.costUsd, 0.001234567);
    assert.equal(done.latencyMs, 5300);
    assert.equal(done.claimedBy, null);

    const again = await calls.claim('k1', input('job-3'));
    assert.equal(again.kind, 'stored');
    assert.deepEqual(again.call.parsed, { ranking: ['1', '2'], truePosition: 1 });
    assert.equal(again.call.attempts, 1);
  });

  it('lets the holder re-claim (a job retry), and anyone claim a FAILED call, counting attempts', async () => {
    await calls.claim('k2', input('job-1'));
    const retry = await calls.claim('k2', input('job-1'));
    assert.equal(retry.kind, 'claimed');
    assert.equal(retry.call.attempts, 2);

    const failed = await calls.fail('k2', 'job-1', { errorClass: 'overloaded_error', message: 'HTTP 529' });
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.errorClass, 'overloaded_error');

    const other = await calls.claim('k2', input('job-9'));
    assert.equal(other.kind, 'claimed');
    assert.equal(other.call.attempts, 3);
    assert.equal(other.call.errorClass, 'overloaded_error', 'the last failure stays visible until an outcome replaces it');
  });

  it('refuses to give up a claim for someone who does not hold it', async () => {
    await calls.claim('k3', input('job-1'));
    await assert.rejects(calls.fail('k3', 'job-2', { errorClass: 'x', message: 'y' }), LlmCallNotClaimedError);
    await assert.rejects(calls.fail('nope', 'job-1', { errorClass: 'x', message: 'y' }), LlmCallNotClaimedError);
  });

  it('takes over a claim as soon as its worker is dead, never while it lives, and takes back its own orphan', async () => {
    await workers.register({ id: 'w-a', host: 'h', pid: 1, provider: 'anthropic', model: 'm', leaseMs: 60_000 });
    await workers.register({ id: 'w-b', host: 'h', pid: 2, provider: 'anthropic', model: 'm', leaseMs: 60_000 });
    assert.equal((await calls.claim('kw', input('job-1', { worker: 'w-a' }))).kind, 'claimed');
    assert.equal((await calls.claim('kw', input('job-2', { worker: 'w-b' }))).kind, 'in-flight');
    assert.equal((await calls.claim('kw', input('job-1', { worker: 'w-b' }))).kind, 'in-flight', 'the same job on another worker waits while the first lives');
    assert.equal((await calls.claim('kw', input('job-1', { worker: 'w-a' }))).kind, 'in-flight', 'its own live attempt is not an orphan');
    const own = await calls.claim('kw', input('job-1', { worker: 'w-a', reclaimOwn: true }));
    assert.deepEqual([own.kind, own.kind === 'claimed' && own.takeover], ['claimed', 'own']);
    // Silent past its own lease: dead.
    await db.prisma.llmWorker.update({ where: { id: 'w-a' }, data: { heartbeatAt: new Date(Date.now() - 61_000) } });
    const taken = await calls.claim('kw', input('job-2', { worker: 'w-b' }));
    assert.deepEqual([taken.kind, taken.kind === 'claimed' && taken.takeover, taken.call.claimedWorker], ['claimed', 'dead-holder', 'w-b']);
    await workers.stop('w-b');
    const again = await calls.claim('kw', input('job-3', { worker: 'w-c' }));
    assert.deepEqual([again.kind, again.kind === 'claimed' && again.takeover], ['claimed', 'dead-holder'], 'a stopped worker frees its claims at once');
  });

  it('asks a prompt whose answer could not be used again, as many more times as allowed, then reuses the failure', async () => {
    await calls.claim('kp', input('job-1'));
    await answer('kp', 'job-1', false);
    assert.equal((await calls.claim('kp', input('job-2'))).kind, 'stored', 'by default a parse failure is final');
    const retried = await calls.claim('kp', input('job-2', { parseFailedRetries: 1 }));
    assert.deepEqual([retried.kind, retried.kind === 'claimed' && retried.takeover], ['claimed', 'parse-failed']);
    await answer('kp', 'job-2', false);
    assert.equal((await calls.findByKey('kp'))?.parseFailures, 2);
    const final = await calls.claim('kp', input('job-3', { parseFailedRetries: 1 }));
    assert.deepEqual([final.kind, final.call.status], ['stored', 'PARSE_FAILED']);
  });

  it('takes over a claim whose lease ran out, but never one a batch in progress carries', async () => {
    await calls.claim('k4', input('crashed-worker'));
    await db.prisma.llmCall.update({ where: { key: 'k4' }, data: { claimedAt: new Date(Date.now() - 60_000) } });
    assert.equal((await calls.claim('k4', input('job-2', { leaseMs: 120_000 }))).kind, 'in-flight');
    const taken = await calls.claim('k4', input('job-2', { leaseMs: 30_000 }));
    assert.equal(taken.kind, 'claimed');
    assert.equal(taken.call.claimedBy, 'job-2');

    await calls.claim('k5', input('job-5'));
    const runs = new LlmRunRepository(db.prisma);
    await runs.getOrCreate('run', {});
    const requestId = randomUUID();
    await new LlmRequestRepository(db.prisma).open({ id: requestId, callKey: 'k5', runId: 'run', owner: 'job-5', workerId: 'gone', estimatedUsd: 0 }, runs);
    const batches = new LlmBatchRepository(db.prisma);
    await batches.recordIntent({ batchId: 'b5', provider: 'anthropic-batch', model: 'm', items: [{ customId: 'k5', callKey: 'k5', requestId, owner: 'job-5' }] });
    await db.prisma.llmCall.update({ where: { key: 'k5' }, data: { claimedAt: new Date(Date.now() - 3_600_000) } });
    assert.equal((await calls.claim('k5', input('job-2', { leaseMs: 1000 }))).kind, 'in-flight', 'while the batch may exist (SUBMITTING)');
    await batches.confirm('b5', 'msgbatch_5');
    assert.equal((await calls.claim('k5', input('job-2', { leaseMs: 1000 }))).kind, 'in-flight', 'while it runs');
    assert.equal((await calls.findByKey('k5'))?.claimedBy, 'batch:b5');
  });

  it('lets exactly one of many racing workers (separate connections) claim the same prompt', async () => {
    const clients = Array.from({ length: 8 }, () => createPrismaClient({ databaseUrl: db.databaseUrl, schema: db.schema }));
    try {
      for (let round = 0; round < 5; round++) {
        const key = `race-${round}`;
        const results = await Promise.all(
          clients.flatMap((client, c) => [0, 1, 2].map((w) => new LlmCallRepository(client).claim(key, input(`worker-${c}-${w}`)))),
        );
        const winners = results.filter((r) => r.kind === 'claimed');
        assert.equal(winners.length, 1, `round ${round}: ${results.map((r) => r.kind).join(',')}`);
        assert.ok(results.every((r) => r.kind === 'claimed' || r.kind === 'in-flight'));
        assert.equal((await calls.findByKey(key))?.attempts, 1);
      }
    } finally {
      await Promise.all(clients.map((client) => client.$disconnect()));
    }
  });
});
