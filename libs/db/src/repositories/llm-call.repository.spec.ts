import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrismaClient } from '../prisma-client';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { LlmCallNotClaimedError, LlmCallRepository, type ClaimInput } from './llm-call.repository';
import { LlmBatchRepository } from './llm-batch.repository';

let db: TestDatabase;
let calls: LlmCallRepository;

before(async () => {
  db = await createTestDatabase();
  calls = new LlmCallRepository(db.prisma);
});
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

    const done = await calls.complete('k1', 'job-1', {
      status: 'SUCCEEDED',
      rawAnswer: '[<1>, <2>]',
      parsed: { ranking: ['1', '2'], truePosition: 1 },
      inputTokens: 1200,
      outputTokens: 90,
      costUsd: 0.001234567,
      latencyMs: 5300.4,
    });
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

  it('refuses an outcome from someone who does not hold the claim', async () => {
    await calls.claim('k3', input('job-1'));
    await assert.rejects(calls.complete('k3', 'job-2', { status: 'SUCCEEDED' }), LlmCallNotClaimedError);
    await assert.rejects(calls.fail('k3', 'job-2', { errorClass: 'x', message: 'y' }), LlmCallNotClaimedError);
    await assert.rejects(calls.complete('nope', 'job-1', { status: 'SUCCEEDED' }), LlmCallNotClaimedError);
  });

  it('takes over a claim whose lease ran out, but never one a batch in progress carries', async () => {
    await calls.claim('k4', input('crashed-worker'));
    await db.prisma.llmCall.update({ where: { key: 'k4' }, data: { claimedAt: new Date(Date.now() - 60_000) } });
    assert.equal((await calls.claim('k4', input('job-2', { leaseMs: 120_000 }))).kind, 'in-flight');
    const taken = await calls.claim('k4', input('job-2', { leaseMs: 30_000 }));
    assert.equal(taken.kind, 'claimed');
    assert.equal(taken.call.claimedBy, 'job-2');

    await calls.claim('k5', input('driver'));
    await new LlmBatchRepository(db.prisma).recordSubmitted({
      batchId: 'msgbatch_1',
      provider: 'anthropic-batch',
      model: 'm',
      items: new Map([['k5', 'k5']]),
      claimOwner: 'driver',
    });
    await db.prisma.llmCall.update({ where: { key: 'k5' }, data: { claimedAt: new Date(Date.now() - 3_600_000) } });
    assert.equal((await calls.claim('k5', input('job-2', { leaseMs: 1000 }))).kind, 'in-flight');
    assert.equal((await calls.findByKey('k5'))?.claimedBy, 'batch:msgbatch_1');
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
