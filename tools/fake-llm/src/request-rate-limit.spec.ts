import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import Anthropic from '@anthropic-ai/sdk';
import { RollingRequestLimit } from './request-rate-limit';
import { parseCliArgs } from './cli-args';
import { FakeLlmServer } from './fake-llm-server';
import { postJson, startFakeServer, userPrompt } from './testing/fake-server-fixture';

const ANTHROPIC_HEADERS = { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' };

/** A clock the test moves by hand. */
function manualClock(startMs = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = startMs;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('RollingRequestLimit', () => {
  it('admits N per rolling minute, refuses the next with the wait until the oldest leaves, and does not count refusals', () => {
    const clock = manualClock();
    const limit = new RollingRequestLimit(3, clock.now);
    assert.deepEqual(
      [0, 20_000, 20_000].map((step) => {
        clock.advance(step);
        const d = limit.take();
        return [d.admitted, d.remaining];
      }),
      [[true, 2], [true, 1], [true, 0]],
    );
    clock.advance(10_000); // t = 50 s: three admitted at 0, 20, 40 s
    const refused = limit.take();
    assert.equal(refused.admitted, false);
    assert.equal(refused.retryAfterSeconds, 10, 'the request of t = 0 leaves the window at t = 60 s');
    assert.equal(refused.remaining, 0);
    assert.equal(refused.resetAtMs, clock.now() - 10_000 + 60_000, 'fully replenished when the newest (t = 40 s) leaves');

    clock.advance(9_999); // 1 ms before the first leaves: still full
    assert.equal(limit.take().admitted, false);
    assert.equal(limit.take().retryAfterSeconds, 1, 'rounded up to whole seconds, never 0');
    clock.advance(1); // t = 60 s: a rolling window, so exactly one slot came back (a fixed window would give three)
    assert.equal(limit.take().admitted, true);
    const next = limit.take();
    assert.equal(next.admitted, false);
    assert.equal(next.retryAfterSeconds, 20, 'the next to leave is the one of t = 20 s, at t = 80 s');

    assert.deepEqual(limit.stats(), { requestsPerMinute: 3, admitted: 4, limited: 4, busiestMinute: 3 });
    limit.reset();
    assert.deepEqual(limit.stats(), { requestsPerMinute: 3, admitted: 0, limited: 0, busiestMinute: 0 });
    assert.equal(limit.take().admitted, true, 'reset empties the window');
  });

  it('without a limit admits everything and still reports the busiest rolling minute', () => {
    const clock = manualClock();
    const limit = new RollingRequestLimit(undefined, clock.now);
    for (let i = 0; i < 100; i++) {
      assert.equal(limit.take().admitted, true);
      clock.advance(1_000);
    }
    // One request a second: any 60 s window holds 60 of them.
    assert.deepEqual(limit.stats(), { requestsPerMinute: null, admitted: 100, limited: 0, busiestMinute: 60 });
  });

  it('refuses a limit that is not a positive integer', () => {
    assert.throws(() => new RollingRequestLimit(0), /rateLimitRpm/);
    assert.throws(() => new FakeLlmServer({ rateLimitRpm: 2.5 }), /rateLimitRpm/);
    assert.deepEqual(parseCliArgs(['--rate-limit-rpm', '300']), { kind: 'serve', options: { port: 8787, faults: {}, schedule: [], datasets: [], rateLimitRpm: 300 } });
  });
});

/** POST on a connection of its own (no keep-alive pool), to show the limit spans connections. */
function postOnNewConnection(url: string, body: unknown): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...ANTHROPIC_HEADERS } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('the server under --rate-limit-rpm', () => {
  it('admits N requests a minute across all connections and answers the rest 429 rate_limit_error with the real headers', async () => {
    const fake = await startFakeServer({ rateLimitRpm: 5 });
    try {
      const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => postOnNewConnection(`${fake.url}/v1/messages`, userPrompt(`question ${i}`))));
      const ok = replies.filter((r) => r.status === 200);
      const limited = replies.filter((r) => r.status === 429);
      assert.equal(ok.length, 5);
      assert.equal(limited.length, 3);
      assert.deepEqual(ok.map((r) => Number(r.headers['anthropic-ratelimit-requests-remaining'])).sort(), [0, 1, 2, 3, 4]);
      for (const r of [...ok, ...limited]) {
        assert.equal(r.headers['anthropic-ratelimit-requests-limit'], '5');
        const reset = String(r.headers['anthropic-ratelimit-requests-reset']);
        assert.match(reset, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'RFC 3339');
        assert.ok(Date.parse(reset) > Date.now() + 50_000, 'the window of requests just admitted ends about a minute from now');
      }
      for (const r of limited) {
        assert.equal(r.headers['anthropic-ratelimit-requests-remaining'], '0');
        const retryAfter = Number(r.headers['retry-after']);
        assert.ok(retryAfter >= 59 && retryAfter <= 60, `retry-after ${retryAfter}: the first admitted request leaves the window in about a minute`);
      }

      // The SDK reads it as a rate limit, as it would the real API's.
      const client = fake.anthropic();
      const error = await client.messages.create(userPrompt('one more')).then(
        () => assert.fail('admitted over the limit'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof Anthropic.RateLimitError);
      assert.equal((error.error as { error?: { type?: string } }).error?.type, 'rate_limit_error');
      assert.match(String(error.headers?.get('retry-after')), /^\d+$/);

      // The OpenAI surface shares the same account limit.
      const chat = await postJson(`${fake.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }] });
      assert.equal(chat.status, 429);
      assert.equal(chat.json.error?.code, 'rate_limit_exceeded');
      assert.equal(chat.headers.get('x-ratelimit-limit-requests'), '5');

      const stats = fake.server.stats();
      assert.deepEqual(stats.rateLimit, { requestsPerMinute: 5, admitted: 5, limited: 5, busiestMinute: 5 });
      assert.equal(stats.requests.messages, 9, 'refused requests are requests');
      assert.equal(stats.generations.messages, 5, 'but not generations: nothing was generated for them');
      assert.equal(stats.faults['rate-limit-429'], 0, 'nor injected faults');
      assert.equal(stats.delivered.answers, 5);
    } finally {
      await fake.server.close();
    }
  });

  it('sends no rate-limit headers without a limit, and counts the load all the same', async () => {
    const fake = await startFakeServer();
    try {
      const replies = await Promise.all(Array.from({ length: 3 }, (_, i) => postJson(`${fake.url}/v1/messages`, userPrompt(`q${i}`), ANTHROPIC_HEADERS)));
      assert.deepEqual(replies.map((r) => r.status), [200, 200, 200]);
      assert.equal(replies[0]?.headers.get('anthropic-ratelimit-requests-limit'), null);
      assert.deepEqual(fake.server.stats().rateLimit, { requestsPerMinute: null, admitted: 3, limited: 0, busiestMinute: 3 });
    } finally {
      await fake.server.close();
    }
  });
});
