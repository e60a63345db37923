import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { messageText, startFakeServer, userPrompt } from './testing/fake-server-fixture';
import { candidateIds, rankingIds, rankingPromptText } from './testing/ranking-prompt-fixture';

describe('concurrency', () => {
  it('serves 400 concurrent calls with the paper\'s 5.3 s latency in about 5.3 s, not 400 × 5.3 s', async () => {
    const latencyMs = 5300;
    const fake = await startFakeServer({ latencyMs });
    try {
      const client = fake.anthropic({ timeout: 60_000 });
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 400 }, async (_, i) => {
          const message = await client.messages.create(userPrompt(rankingPromptText({ sessionIds: [`u${i}`], candidateIds: candidateIds(50) })));
          return { ids: rankingIds(messageText(message)), ms: Date.now() - started };
        }),
      );
      const wall = Date.now() - started;
      assert.ok(answers.every((a) => a.ids.length === 25));
      assert.ok(answers.every((a) => a.ms >= latencyMs - 5), 'no answer came before its latency');
      // Generous for a loaded CI machine (the SDK's own work for 400 calls takes ~1 s there), yet far
      // below any serialisation: even two lanes would take 200 × 5.3 s.
      assert.ok(wall < 2 * latencyMs, `wall ${wall} ms`);
      assert.equal(fake.server.stats().answers.deterministic, 400);
    } finally {
      await fake.server.close();
    }
  });
});
