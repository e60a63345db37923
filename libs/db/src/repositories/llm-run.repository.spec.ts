import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrismaClient } from '../prisma-client';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { LlmCallRepository } from './llm-call.repository';
import { LlmRunNotFoundError, LlmRunRepository, type BudgetExhausted, type RunReservation } from './llm-run.repository';

let db: TestDatabase;
let runs: LlmRunRepository;

before(async () => {
  db = await createTestDatabase();
  runs = new LlmRunRepository(db.prisma);
});
after(() => db.drop());

async function storedCall(key: string): Promise<string> {
  await new LlmCallRepository(db.prisma).claim(key, { provider: 'anthropic', model: 'm', prompt: { key }, owner: 'setup' });
  return key;
}

function reserved(result: Awaited<ReturnType<LlmRunRepository['reserve']>>): RunReservation {
  assert.equal(result.kind, 'reserved', result.kind === 'budget-exhausted' ? result.message : '');
  return (result as { reservation: RunReservation }).reservation;
}

function exhausted(result: Awaited<ReturnType<LlmRunRepository['reserve']>>): BudgetExhausted {
  assert.equal(result.kind, 'budget-exhausted');
  return result as BudgetExhausted;
}

describe('LlmRunRepository', () => {
  it('creates a run once; getOrCreate on an existing run keeps its budget and spending', async () => {
    const created = await runs.getOrCreate('r0', { maxUsd: 2, maxCalls: 10 });
    assert.deepEqual(created, { runId: 'r0', budgetUsd: 2, budgetCalls: 10, spentUsd: 0, spentCalls: 0, reservedUsd: 0, reservedCalls: 0, cachedCalls: 0 });
    await runs.settle(reserved(await runs.reserve('r0', 0.5)), 0.25, await storedCall('r0-a'));
    const again = await runs.getOrCreate('r0', { maxUsd: 99 });
    assert.equal(again.budgetUsd, 2);
    assert.equal(again.spentUsd, 0.25);
    await assert.rejects(runs.totals('missing'), LlmRunNotFoundError);
    await assert.rejects(runs.reserve('missing', 0.1), LlmRunNotFoundError);
    await assert.rejects(runs.setBudget('missing', {}), LlmRunNotFoundError);
    await assert.rejects(runs.getOrCreate('bad', { maxUsd: -1 }), RangeError);
  });

  it('reserves, settles at the billed cost and releases unbilled calls', async () => {
    await runs.getOrCreate('r1', { maxUsd: 1 });
    const a = reserved(await runs.reserve('r1', 0.4));
    const b = reserved(await runs.reserve('r1', 0.4));
    const refused = exhausted(await runs.reserve('r1', 0.3));
    assert.equal(refused.limit, 'usd');
    assert.equal(
      refused.message,
      'run r1: budget exhausted: USD limit of 1.000000 USD reached (spent 0.000000 USD in 0 billed calls, 2 calls in flight reserving 0.800000 USD; the next call needs up to 0.300000 USD); no further call is dispatched',
    );
    const afterSettle = await runs.settle(a, 0.1, await storedCall('r1-a'));
    assert.equal(afterSettle.spentUsd, 0.1);
    assert.equal(afterSettle.reservedUsd, 0.4);
    const afterRelease = await runs.release(b);
    assert.deepEqual(
      [afterRelease.spentUsd, afterRelease.spentCalls, afterRelease.reservedUsd, afterRelease.reservedCalls],
      [0.1, 1, 0, 0],
    );
    reserved(await runs.reserve('r1', 0.9)); // exactly up to the limit
    assert.equal(exhausted(await runs.reserve('r1', 0.000001)).limit, 'usd');
  });

  it('names the call limit when that is the one reached', async () => {
    await runs.getOrCreate('r2', { maxCalls: 2 });
    await runs.settle(reserved(await runs.reserve('r2', 0)), 0.01, await storedCall('r2-a'));
    reserved(await runs.reserve('r2', 0));
    const refused = exhausted(await runs.reserve('r2', 0));
    assert.equal(refused.limit, 'calls');
    assert.match(refused.message, /^run r2: budget exhausted: call limit of 2 reached \(spent 0\.010000 USD in 1 billed call, 1 call in flight/);
  });

  it('links calls to the run: a stored answer costs the run nothing, the run cost is the sum of its links', async () => {
    await runs.getOrCreate('r3', { maxUsd: 1 });
    const paid = await storedCall('r3-paid');
    const reused = await storedCall('r3-reused');
    await runs.settle(reserved(await runs.reserve('r3', 0.2)), 0.15, paid);
    await runs.recordStoredAnswer('r3', reused);
    await runs.recordStoredAnswer('r3', paid); // already paid by this run: stays at its cost
    const totals = await runs.totals('r3');
    assert.equal(totals.spentUsd, 0.15);
    assert.equal(totals.spentCalls, 1);
    assert.equal(totals.cachedCalls, 1);
    assert.equal(await runs.linkedCostUsd('r3'), 0.15);
  });

  it('never overshoots with many workers reserving at once on separate connections', async () => {
    await runs.getOrCreate('r4', { maxUsd: 1, maxCalls: 1000 });
    const clients = Array.from({ length: 8 }, () => createPrismaClient({ databaseUrl: db.databaseUrl, schema: db.schema }));
    try {
      const attempts = await Promise.all(
        Array.from({ length: 120 }, (_, i) => new LlmRunRepository(clients[i % clients.length]!).reserve('r4', 0.03)),
      );
      const granted = attempts.filter((r) => r.kind === 'reserved').length;
      assert.equal(granted, 33, 'floor(1 / 0.03) reservations fit, and no more');
      const totals = await runs.totals('r4');
      assert.equal(totals.reservedCalls, 33);
      assert.ok(totals.reservedUsd <= 1, `reserved ${totals.reservedUsd}`);
      assert.ok(attempts.filter((r) => r.kind === 'budget-exhausted').every((r) => r.kind === 'budget-exhausted' && r.limit === 'usd'));
    } finally {
      await Promise.all(clients.map((client) => client.$disconnect()));
    }
  });
});
