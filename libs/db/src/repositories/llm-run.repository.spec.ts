import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { LlmCallRepository } from './llm-call.repository';
import { LlmRequestRepository } from './llm-request.repository';
import { LlmRunNotFoundError, LlmRunRepository } from './llm-run.repository';
import { LlmWorkerRepository } from './llm-worker.repository';

let db: TestDatabase;
let runs: LlmRunRepository;

before(async () => {
  db = await createTestDatabase();
  runs = new LlmRunRepository(db.prisma);
  await new LlmWorkerRepository(db.prisma).register({ id: 'w', host: 'h', pid: 1, provider: 'anthropic', model: 'm', leaseMs: 60_000 });
});
after(() => db.drop());

/** A call answered for `runId` at `costUsd` through the request ledger. */
async function paid(runId: string, key: string, costUsd: number): Promise<string> {
  await new LlmCallRepository(db.prisma).claim(key, { provider: 'anthropic', model: 'm', prompt: { key }, owner: 'job', worker: 'w' });
  const requests = new LlmRequestRepository(db.prisma);
  const id = randomUUID();
  await requests.open({ id, callKey: key, runId, owner: 'job', workerId: 'w', estimatedUsd: costUsd * 2 }, runs);
  await requests.answer(id, { callKey: key, text: 'answer', inputTokens: 1, outputTokens: 1, costUsd, latencyMs: 1, usable: true, parsed: null });
  return key;
}

describe('LlmRunRepository', () => {
  it('creates a run once; getOrCreate on an existing run keeps its budget and spending', async () => {
    const created = await runs.getOrCreate('r0', { maxUsd: 2, maxCalls: 10 });
    assert.deepEqual(created, { runId: 'r0', budgetUsd: 2, budgetCalls: 10, spentUsd: 0, spentCalls: 0, reservedUsd: 0, reservedCalls: 0, cachedCalls: 0 });
    await paid('r0', 'r0-a', 0.25);
    const again = await runs.getOrCreate('r0', { maxUsd: 99 });
    assert.equal(again.budgetUsd, 2);
    assert.equal(again.spentUsd, 0.25);
    assert.equal((await runs.setBudget('r0', { maxUsd: 3 })).budgetUsd, 3);
    await assert.rejects(runs.totals('missing'), LlmRunNotFoundError);
    await assert.rejects(runs.setBudget('missing', {}), LlmRunNotFoundError);
    await assert.rejects(runs.getOrCreate('bad', { maxUsd: -1 }), RangeError);
  });

  it('links calls to the run: a stored answer costs the run nothing, the run cost is the sum of its links', async () => {
    await runs.getOrCreate('r3', { maxUsd: 1 });
    const bought = await paid('r3', 'r3-paid', 0.15);
    await runs.getOrCreate('other-run', {});
    const reused = await paid('other-run', 'r3-reused', 0.1);
    await runs.recordStoredAnswer('r3', reused);
    await runs.recordStoredAnswer('r3', bought); // already paid by this run: stays at its cost
    const totals = await runs.totals('r3');
    assert.equal(totals.spentUsd, 0.15);
    assert.equal(totals.spentCalls, 1);
    assert.equal(totals.cachedCalls, 1);
    assert.equal(await runs.linkedCostUsd('r3'), 0.15);
  });
});
