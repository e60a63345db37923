import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { MALFORMED_ANSWER } from './answers';
import { messageText, startFakeServer, userPrompt } from './testing/fake-server-fixture';
import { candidateIds, rankingIds, rankingPromptText } from './testing/ranking-prompt-fixture';

const errorType = (error: InstanceType<typeof Anthropic.APIError>): string => (error.error as { error: { type: string } }).error.type;

describe('injected faults as the real SDK sees them', () => {
  it('a 429 surfaces as RateLimitError with retry-after, a 529 as OverloadedError, a 500 as InternalServerError', async () => {
    const fake = await startFakeServer({
      retryAfterSeconds: 7,
      schedule: [
        { fault: 'rate-limit-429', count: 1 },
        { fault: 'overloaded-529', count: 1 },
        { fault: 'server-error-500', count: 1 },
      ],
    });
    try {
      const client = fake.anthropic();
      await assert.rejects(client.messages.create(userPrompt('a')), (error: unknown) => {
        assert.ok(error instanceof Anthropic.RateLimitError);
        assert.equal(error.status, 429);
        assert.equal(error.headers?.get('retry-after'), '7');
        assert.equal(errorType(error), 'rate_limit_error');
        return true;
      });
      await assert.rejects(client.messages.create(userPrompt('b')), (error: unknown) => {
        assert.ok(error instanceof Anthropic.OverloadedError);
        assert.equal(error.status, 529);
        assert.equal(errorType(error), 'overloaded_error');
        return true;
      });
      await assert.rejects(client.messages.create(userPrompt('c')), (error: unknown) => {
        assert.ok(error instanceof Anthropic.InternalServerError);
        assert.equal(error.status, 500);
        assert.equal(errorType(error), 'api_error');
        return true;
      });
      const stats = fake.server.stats();
      assert.deepEqual(stats.faults, { 'rate-limit-429': 1, 'overloaded-529': 1, 'server-error-500': 1, hang: 0, malformed: 0, 'off-candidate': 0 });
      assert.deepEqual(stats.answers, { recorded: 0, deterministic: 0, hints: 0 });
    } finally {
      await fake.server.close();
    }
  });

  it('the SDK retries honour retry-after and succeed after the scheduled faults, which are counted', async () => {
    const fake = await startFakeServer({ retryAfterSeconds: 0.05, schedule: [{ fault: 'rate-limit-429', count: 2, promptIncludes: 'retry me' }] });
    try {
      const started = Date.now();
      const message = await fake.anthropic({ maxRetries: 2 }).messages.create(userPrompt('please retry me'));
      assert.match(messageText(message), /^1\. Simulated hint/);
      assert.ok(Date.now() - started < 2000, 'waited retry-after (50 ms), not the default backoff');
      const stats = fake.server.stats();
      assert.equal(stats.requests.messages, 3);
      assert.equal(stats.generations.messages, 3);
      assert.equal(stats.faults['rate-limit-429'], 2);
      assert.equal(stats.answers.hints, 1);
    } finally {
      await fake.server.close();
    }
  });

  it('a hang ends in the client timeout, is counted, and does not keep the server from closing', async () => {
    const fake = await startFakeServer({ schedule: [{ fault: 'hang', count: 2 }] });
    await assert.rejects(fake.anthropic({ timeout: 200 }).messages.create(userPrompt('x')), Anthropic.APIConnectionTimeoutError);
    assert.equal(fake.server.stats().faults.hang, 1);
    // The client gave up and closed its connection: the server lets go of that request.
    for (const deadline = Date.now() + 2000; fake.server.stats().hangingNow !== 0; ) {
      assert.ok(Date.now() < deadline, 'the abandoned hanging request is still held');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // A second hang whose client waits far longer than the test: close() must cut it.
    const pending = fake.anthropic({ timeout: 60_000 }).messages.create(userPrompt('y'));
    const rejected = assert.rejects(pending, Anthropic.APIConnectionError);
    while (fake.server.stats().hangingNow === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const closing = Date.now();
    await fake.server.close();
    assert.ok(Date.now() - closing < 1000);
    await rejected;
  });

  it('malformed and off-candidate answers are 200s a parser must reject', async () => {
    const fake = await startFakeServer({ schedule: [{ fault: 'malformed', count: 1 }, { fault: 'off-candidate', count: 1 }] });
    try {
      const client = fake.anthropic();
      const prompt = rankingPromptText({ sessionIds: ['s1', 's2'], candidateIds: candidateIds(50) });
      assert.equal(messageText(await client.messages.create(userPrompt(prompt))), MALFORMED_ANSWER);
      const offIds = rankingIds(messageText(await client.messages.create(userPrompt(prompt))));
      assert.equal(offIds.length, 25);
      assert.ok(offIds.every((id) => !candidateIds(50).includes(id)));
      const good = rankingIds(messageText(await client.messages.create(userPrompt(prompt))));
      assert.ok(good.every((id) => candidateIds(50).includes(id)));
      const stats = fake.server.stats();
      assert.equal(stats.faults.malformed, 1);
      assert.equal(stats.faults['off-candidate'], 1);
      assert.equal(stats.answers.deterministic, 1);
    } finally {
      await fake.server.close();
    }
  });
});
