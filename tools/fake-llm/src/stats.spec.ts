import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FAULT_KINDS } from './faults';
import { StatsCounter, type FakeLlmStats } from './stats';
import { classifyRankingCalls, countOutcomes } from './testing/classify-outcome';
import { startFakeServer } from './testing/fake-server-fixture';
import { candidateIds, rankingPromptText } from './testing/ranking-prompt-fixture';

describe('stats count exactly what the server did', () => {
  it('under a fault mix, each fault injected equals what the clients saw', async () => {
    const fake = await startFakeServer({
      seed: 11,
      faults: { 'rate-limit-429': 0.1, 'overloaded-529': 0.05, 'server-error-500': 0.05, hang: 0.02, malformed: 0.05, 'off-candidate': 0.03 },
    });
    try {
      const candidates = candidateIds(50);
      const prompts = Array.from({ length: 400 }, (_, i) => rankingPromptText({ sessionIds: [`s${i}`], candidateIds: candidates }));
      const seen = countOutcomes(await classifyRankingCalls(fake, prompts, candidates));
      const stats = fake.server.stats();
      for (const kind of FAULT_KINDS) {
        assert.equal(stats.faults[kind], seen.get(kind) ?? 0, kind);
        assert.ok(stats.faults[kind] > 0, `${kind} was injected at least once in 400 calls`);
      }
      assert.equal(stats.answers.deterministic, seen.get('good'));
      assert.equal(stats.generations.messages, 400);
      assert.equal(stats.requests.messages, 400);
      assert.deepEqual(stats.faultsByEndpoint.messages, stats.faults);
    } finally {
      await fake.server.close();
    }
  });

  it('are served on GET /_fake/stats, not counted themselves, and reset by POST /_fake/reset', async () => {
    const fake = await startFakeServer({ schedule: [{ fault: 'server-error-500', count: 1 }], batchProcessingMs: 0 });
    try {
      const client = fake.anthropic();
      await assert.rejects(client.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }));
      const { id } = await client.messages.batches.create({ requests: [{ custom_id: 'a', params: { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'y' }] } }] });
      const served = (await (await fetch(`${fake.url}/_fake/stats`)).json()) as FakeLlmStats;
      assert.deepEqual(served, fake.server.stats());
      assert.equal(served.faults['server-error-500'], 1);
      assert.deepEqual(served.batches, { created: 1, requests: 1 });
      assert.equal(served.requests.unknown, 0);

      const afterReset = (await (await fetch(`${fake.url}/_fake/reset`, { method: 'POST' })).json()) as FakeLlmStats;
      assert.deepEqual(afterReset, StatsCounter.empty());
      assert.deepEqual(fake.server.stats(), StatsCounter.empty());
      await assert.rejects(client.messages.batches.retrieve(id), /not found/, 'reset forgets batches');
      await assert.rejects(client.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }), /Simulated internal/, 'the schedule starts over');
    } finally {
      await fake.server.close();
    }
  });
});
