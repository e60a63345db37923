import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrismaClient } from '../prisma-client';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { LlmBatchRepository } from './llm-batch.repository';
import { LlmCallRepository } from './llm-call.repository';
import { LlmRequestRepository, type ArrivedAnswer, type OpenResult } from './llm-request.repository';
import { LlmRunRepository, type BudgetExhausted } from './llm-run.repository';
import { LlmWorkerRepository } from './llm-worker.repository';

let db: TestDatabase;
let runs: LlmRunRepository;
let requests: LlmRequestRepository;
let calls: LlmCallRepository;
let workers: LlmWorkerRepository;
const LIVE = 'host:1:live';

before(async () => {
  db = await createTestDatabase();
  runs = new LlmRunRepository(db.prisma);
  requests = new LlmRequestRepository(db.prisma);
  calls = new LlmCallRepository(db.prisma);
  workers = new LlmWorkerRepository(db.prisma);
  await workers.register({ id: LIVE, host: 'host', pid: 1, provider: 'anthropic', model: 'm', leaseMs: 60_000 });
});
after(() => db.drop());

/** Claims `key` for `owner` on `worker` and opens a request for it on `runId`; returns the request id. */
async function send(runId: string, key: string, estimatedUsd: number, worker = LIVE, owner = `job-${key}`): Promise<string> {
  const claim = await calls.claim(key, { provider: 'anthropic', model: 'm', prompt: { key }, owner, worker });
  assert.equal(claim.kind, 'claimed');
  const id = randomUUID();
  opened(await requests.open({ id, callKey: key, runId, owner, workerId: worker, estimatedUsd }, runs));
  return id;
}

function opened(result: OpenResult): void {
  assert.equal(result.kind, 'opened', result.kind === 'budget-exhausted' ? result.message : '');
}

function exhausted(result: OpenResult): BudgetExhausted {
  assert.equal(result.kind, 'budget-exhausted');
  return result as BudgetExhausted;
}

const answer = (key: string, costUsd: number, extra: Partial<ArrivedAnswer> = {}): ArrivedAnswer => ({
  callKey: key,
  text: `[<1>, <2>] for ${key}`,
  inputTokens: 1000,
  outputTokens: 50,
  costUsd,
  latencyMs: 300,
  usable: true,
  parsed: { ranking: [1, 2] },
  ...extra,
});

describe('LlmRequestRepository', () => {
  it('reserves before sending, settles at the billed cost and releases a failed request, naming the limit that refuses', async () => {
    await runs.getOrCreate('r1', { maxUsd: 1 });
    const a = await send('r1', 'r1-a', 0.4);
    const b = await send('r1', 'r1-b', 0.4);
    await calls.claim('r1-c', { provider: 'anthropic', model: 'm', prompt: {}, owner: 'job-c', worker: LIVE });
    const refused = exhausted(await requests.open({ id: randomUUID(), callKey: 'r1-c', runId: 'r1', owner: 'job-c', workerId: LIVE, estimatedUsd: 0.3 }, runs));
    assert.equal(refused.limit, 'usd');
    assert.equal(
      refused.message,
      'run r1: budget exhausted: USD limit of 1.000000 USD reached (spent 0.000000 USD in 0 billed calls, 2 calls in flight reserving 0.800000 USD; the next call needs up to 0.300000 USD); no further call is dispatched',
    );
    assert.deepEqual(await requests.answer(a, answer('r1-a', 0.1)), { recorded: true, stored: true });
    let totals = await runs.totals('r1');
    assert.deepEqual([totals.spentUsd, totals.spentCalls, totals.reservedUsd, totals.reservedCalls], [0.1, 1, 0.4, 1]);
    assert.equal(await requests.fail(b, { callKey: 'r1-b', owner: 'job-r1-b', faultClass: 'overloaded_error', message: 'HTTP 529', httpStatus: 529 }), true);
    totals = await runs.totals('r1');
    assert.deepEqual([totals.spentUsd, totals.spentCalls, totals.reservedUsd, totals.reservedCalls], [0.1, 1, 0, 0]);
    assert.equal((await calls.findByKey('r1-b'))?.status, 'FAILED', 'the call is free for a later claim');
    assert.equal((await calls.findByKey('r1-a'))?.status, 'SUCCEEDED');
    opened(await requests.open({ id: randomUUID(), callKey: 'r1-c', runId: 'r1', owner: 'job-c', workerId: LIVE, estimatedUsd: 0.9 }, runs)); // exactly up to the limit
  });

  it('records an outcome once: a repeated answer or failure (a retried write) changes nothing', async () => {
    await runs.getOrCreate('r2', {});
    const a = await send('r2', 'r2-a', 0.05);
    assert.deepEqual(await requests.answer(a, answer('r2-a', 0.02)), { recorded: true, stored: true });
    assert.deepEqual(await requests.answer(a, answer('r2-a', 0.02)), { recorded: false, stored: false });
    assert.equal(await requests.fail(a, { callKey: 'r2-a', owner: 'job-r2-a', faultClass: 'x', message: 'late' }), false);
    const totals = await runs.totals('r2');
    assert.deepEqual([totals.spentUsd, totals.spentCalls, totals.reservedCalls], [0.02, 1, 0]);
    assert.equal(await new LlmRunRepository(db.prisma).linkedCostUsd('r2'), 0.02);
  });

  it('names the call limit when that is the one reached', async () => {
    await runs.getOrCreate('r3', { maxCalls: 2 });
    await requests.answer(await send('r3', 'r3-a', 0), answer('r3-a', 0.01));
    await send('r3', 'r3-b', 0);
    await calls.claim('r3-c', { provider: 'anthropic', model: 'm', prompt: {}, owner: 'job', worker: LIVE });
    const refused = exhausted(await requests.open({ id: randomUUID(), callKey: 'r3-c', runId: 'r3', owner: 'job', workerId: LIVE, estimatedUsd: 0 }, runs));
    assert.equal(refused.limit, 'calls');
    assert.match(refused.message, /^run r3: budget exhausted: call limit of 2 reached \(spent 0\.010000 USD in 1 billed call, 1 call in flight/);
  });

  it('stores an arriving answer whoever holds the claim, never over a usable one, and over a parse failure only with a usable one', async () => {
    await runs.getOrCreate('r4', {});
    const first = await send('r4', 'r4-a', 0.05, LIVE, 'job-1');
    // The claim was taken over (e.g. job-1 was thought dead): job-2 holds it now.
    await db.prisma.llmCall.update({ where: { key: 'r4-a' }, data: { claimedBy: 'job-2' } });
    const second = randomUUID();
    opened(await requests.open({ id: second, callKey: 'r4-a', runId: 'r4', owner: 'job-2', workerId: LIVE, estimatedUsd: 0.05 }, runs));
    assert.deepEqual(await requests.answer(first, answer('r4-a', 0.01, { usable: false, parsed: { error: 'no ids' }, faultClass: 'unparseable' })), { recorded: true, stored: true });
    let call = await calls.findByKey('r4-a');
    assert.deepEqual([call?.status, call?.parseFailures, call?.claimedBy], ['PARSE_FAILED', 1, null]);
    assert.deepEqual(await requests.answer(second, answer('r4-a', 0.012)), { recorded: true, stored: true });
    call = await calls.findByKey('r4-a');
    assert.deepEqual([call?.status, call?.costUsd], ['SUCCEEDED', 0.012]);
    const third = await send('r4', 'r4-b', 0.05);
    await requests.answer(third, answer('r4-b', 0.01));
    const late = randomUUID();
    opened(await requests.open({ id: late, callKey: 'r4-b', runId: 'r4', owner: 'zombie', workerId: LIVE, estimatedUsd: 0.05 }, runs));
    assert.deepEqual(await requests.answer(late, answer('r4-b', 0.02, { text: 'another answer' })), { recorded: true, stored: false }, 'paid and counted, but not stored over the first');
    assert.equal((await calls.findByKey('r4-b'))?.rawAnswer, '[<1>, <2>] for r4-b');
    const totals = await runs.totals('r4');
    assert.deepEqual([totals.spentCalls, Number(totals.spentUsd.toFixed(9))], [4, 0.052]);
  });

  it("counts a dead worker's unanswered requests as lost at their estimate, and a late answer replaces the estimate", async () => {
    await runs.getOrCreate('r5', {});
    const dead = 'host:2:dead';
    await workers.register({ id: dead, host: 'host', pid: 2, provider: 'anthropic', model: 'm', leaseMs: 60_000 });
    await send('r5', 'r5-live', 0.05);
    await send('r5', 'r5-lost', 0.05, dead);
    const lateOne = await send('r5', 'r5-late', 0.05, dead);
    await send('r5', 'r5-unsent', 0.05, dead);
    assert.equal(await requests.markLost(), 0, 'a registered, heartbeating worker is alive');
    await workers.stop(dead);
    assert.equal(await requests.markLost({ callKey: 'r5-lost' }), 1, 'filtered by call');
    assert.equal(await requests.markLost(), 2);
    let totals = await runs.totals('r5');
    assert.deepEqual([totals.reservedCalls, Number(totals.reservedUsd.toFixed(9)), totals.spentCalls, Number(totals.spentUsd.toFixed(9))], [1, 0.05, 3, 0.15]);
    // The dead worker was not dead after all: its answer arrives and replaces the estimate.
    assert.deepEqual(await requests.answer(lateOne, answer('r5-late', 0.01)), { recorded: true, stored: true });
    // The answer the lost request's prompt got in the end prices the lost request in the report.
    const retry = await send('r5', 'r5-lost', 0.05, LIVE, 'job-retry');
    await requests.answer(retry, answer('r5-lost', 0.02));
    // A request recorded but never sent (its worker knew) is released, not lost.
    await workers.register({ id: 'host:3:live', host: 'host', pid: 3, provider: 'anthropic', model: 'm', leaseMs: 60_000 });
    const neverSent = await send('r5', 'r5-never', 0.05, 'host:3:live');
    assert.equal(await requests.failUnsent('host:3:live', [], 60_000), 0, 'too young to tell');
    assert.equal(await requests.failUnsent('host:3:live', [neverSent], 0), 0, 'in flight');
    assert.equal(await requests.failUnsent('host:3:live', [], 0), 1);
    totals = await runs.totals('r5');
    assert.deepEqual([totals.reservedCalls, Number(totals.spentUsd.toFixed(9)), totals.spentCalls], [1, 0.13, 4], 'live still open; lost 0.05 + 0.05, late 0.01, retry 0.02');
    const ledger = await requests.runLedger('r5');
    assert.deepEqual(
      { ...ledger, answeredUsd: Number(ledger.answeredUsd.toFixed(9)), lostUsd: Number(ledger.lostUsd.toFixed(9)) },
      { requests: 6, answers: 2, lost: 2, open: 1, faults: { not_sent: 1 }, answeredUsd: 0.03, lostUsd: 0.07 },
      'lost: r5-lost at its answer (0.02), r5-unsent at its estimate (0.05)',
    );
  });

  it('marks named requests lost whatever their worker: an answer a live worker could not record was paid', async () => {
    await runs.getOrCreate('r9', {});
    const paidButUnrecorded = await send('r9', 'r9-a', 0.05);
    const other = await send('r9', 'r9-b', 0.05);
    assert.equal(await requests.markLost({ requestIds: [paidButUnrecorded] }), 1);
    const states = await db.prisma.llmRequest.findMany({ where: { id: { in: [paidButUnrecorded, other] } }, select: { id: true, state: true } });
    assert.deepEqual(Object.fromEntries(states.map((r) => [r.id === other ? 'other' : 'unrecorded', r.state])), { unrecorded: 'LOST', other: 'SENT' });
  });

  it('never marks lost a request a batch in progress carries', async () => {
    await runs.getOrCreate('r6', {});
    const dead = 'host:4:dead';
    await workers.register({ id: dead, host: 'host', pid: 4, provider: 'anthropic-batch', model: 'm', leaseMs: 60_000 });
    const id = await send('r6', 'r6-a', 0.05, dead, 'job-b');
    const batches = new LlmBatchRepository(db.prisma);
    await batches.recordIntent({ batchId: 'b1', provider: 'anthropic-batch', model: 'm', items: [{ customId: 'r6-a', callKey: 'r6-a', requestId: id, owner: 'job-b' }] });
    await workers.stop(dead);
    assert.equal(await requests.markLost({ callKey: 'r6-a' }), 0);
    await batches.confirm('b1', 'msgbatch_1');
    assert.equal(await requests.markLost({ callKey: 'r6-a' }), 0);
    await batches.markCollected('b1');
    assert.equal(await requests.markLost({ callKey: 'r6-a' }), 1, 'collected without its result: the worker that waited for it is dead');
  });

  it('counts faults by class: provider errors and unusable answers', async () => {
    await runs.getOrCreate('r7', {});
    await requests.fail(await send('r7', 'r7-a', 0.01), { callKey: 'r7-a', owner: 'job-r7-a', faultClass: 'rate_limit_error', message: '429', httpStatus: 429 });
    await requests.fail(await send('r7', 'r7-b', 0.01), { callKey: 'r7-b', owner: 'job-r7-b', faultClass: 'rate_limit_error', message: '429', httpStatus: 429 });
    await requests.answer(await send('r7', 'r7-c', 0.01), answer('r7-c', 0.001, { usable: false, faultClass: 'off-candidate' }));
    await requests.answer(await send('r7', 'r7-d', 0.01), answer('r7-d', 0.001));
    const ledger = await requests.runLedger('r7');
    assert.deepEqual(ledger.faults, { 'off-candidate': 1, rate_limit_error: 2 });
    assert.deepEqual([ledger.requests, ledger.answers, ledger.lost, ledger.open], [4, 2, 0, 0]);
  });

  it('never overshoots with many workers reserving at once on separate connections', async () => {
    await runs.getOrCreate('r8', { maxUsd: 1, maxCalls: 1000 });
    const clients = Array.from({ length: 8 }, () => createPrismaClient({ databaseUrl: db.databaseUrl, schema: db.schema }));
    try {
      await Promise.all(Array.from({ length: 120 }, (_, i) => calls.claim(`r8-${i}`, { provider: 'anthropic', model: 'm', prompt: {}, owner: `j${i}`, worker: LIVE })));
      const attempts = await Promise.all(
        Array.from({ length: 120 }, (_, i) =>
          new LlmRequestRepository(clients[i % clients.length]!).open(
            { id: randomUUID(), callKey: `r8-${i}`, runId: 'r8', owner: `j${i}`, workerId: LIVE, estimatedUsd: 0.03 },
            runs,
          ),
        ),
      );
      const granted = attempts.filter((r) => r.kind === 'opened').length;
      assert.equal(granted, 33, 'floor(1 / 0.03) reservations fit, and no more');
      const totals = await runs.totals('r8');
      assert.equal(totals.reservedCalls, 33);
      assert.ok(totals.reservedUsd <= 1, `reserved ${totals.reservedUsd}`);
      assert.equal((await requests.runLedger('r8')).open, 33, 'one SENT row per reservation');
      assert.ok(attempts.every((r) => r.kind === 'opened' || r.limit === 'usd'));
    } finally {
      await Promise.all(clients.map((client) => client.$disconnect()));
    }
  });
});
