import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BenchRunReport } from './bench-llm-run';
import { matchingQueueLimiter, parseScaleArgs } from './bench-llm-scale';
import { accountingChecks, atLimitCheck, noStormCheck } from './bench-llm-scale-report';

describe('bench:llm --workers options', () => {
  it('keeps the default bench without --workers, and fills the defaults with it', () => {
    assert.equal(parseScaleArgs([], {}), undefined);
    assert.throws(() => parseScaleArgs(['--concurrency', '3'], {}), /need --workers/);
    assert.deepEqual(parseScaleArgs(['--workers', '1,2,4'], { BENCH_SESSIONS: '300' }), {
      workers: [1, 2, 4],
      concurrency: 25,
      sessions: 300,
      limitedWorkers: [2, 4],
      limitedSessions: 380,
      rateLimitRpm: 360,
      limiterWindowMs: 1000,
      limiterHeadroomPct: 5,
      control: false,
    });
    assert.deepEqual(parseScaleArgs(['--workers', '2', '--limited-workers', ''], {})?.limitedWorkers, []);
  });

  it('refuses a limited run too short to reach a per-minute limit, and bad numbers', () => {
    assert.throws(() => parseScaleArgs(['--workers', '1', '--limited-sessions', '300', '--rate-limit-rpm', '300'], {}), /must exceed/);
    assert.throws(() => parseScaleArgs(['--workers', '1,x'], {}), /--workers/);
    assert.throws(() => parseScaleArgs(['--workers', '1', '--concurrency', '0'], {}), /--concurrency/);
  });

  it('matches a per-minute limit with the same rate over short windows, stretched by the headroom', () => {
    assert.deepEqual(matchingQueueLimiter(360, 1000, 5), { max: 6, durationMs: 1050 });
    assert.deepEqual(matchingQueueLimiter(50, 6000, 0), { max: 5, durationMs: 6000 });
    assert.throws(() => matchingQueueLimiter(50, 1000, 5), /whole number/);
  });
});

/** A run of `sessions` rankings whose every count agrees; tests break one thing at a time. */
function balancedReport(sessions: number): BenchRunReport {
  return {
    spec: { label: 't', provider: 'anthropic', model: 'm', dataset: 'd', sessions, concurrency: 1, fakeArgs: [], timeoutMs: 1, redisUrl: '', queueLimiter: { max: 6, durationMs: 1050 } },
    wallMs: 1000,
    statuses: { ranked: sessions, 'not-available': 0, 'parse-failed': 0, 'budget-exhausted': 0, failed: 0 },
    retries: 0,
    workerFaults: { rate_limit_error: 1 },
    costUsd: 1,
    store: { claims: sessions + 1, answersStored: sessions, runSpentUsd: 1 },
    ledger: { requests: sessions + 1, answers: sessions, lost: 0, open: 0, faults: {}, answeredUsd: 1, lostUsd: 0 },
    timeline: { sent: sessions + 1, spanMs: 1, answeredByWorker: [sessions] },
    fake: {
      generations: { messages: sessions },
      faults: {},
      requests: { messages: sessions + 1 },
      batches: { created: 0, requests: 0 },
      delivered: { answers: sessions, prompts: sessions, promptsAnsweredTwice: 0 },
      inFlightNow: 0,
      rateLimit: { requestsPerMinute: 360, admitted: sessions, limited: 1, busiestMinute: 340 },
    },
  };
}

describe('bench:llm --workers checks', () => {
  it('pass on a run whose counts agree, and catch a ranking billed twice or a 429 no worker saw', () => {
    const ok = balancedReport(200);
    assert.deepEqual(accountingChecks(ok).filter((c) => !c.ok), []);
    assert.ok(noStormCheck(ok).ok && atLimitCheck(ok).ok);

    const billedTwice = balancedReport(200);
    billedTwice.fake.delivered = { answers: 201, prompts: 200, promptsAnsweredTwice: 1 };
    assert.deepEqual(accountingChecks(billedTwice).filter((c) => !c.ok).map((c) => c.what), ['each ranking billed exactly once']);

    const unseen429 = balancedReport(200);
    unseen429.workerFaults = {};
    assert.deepEqual(accountingChecks(unseen429).filter((c) => !c.ok).map((c) => c.what), ['every 429 the server sent reached a worker']);
  });

  it('call many 429s a storm, and a busiest minute well under the limiter rate not at the limit', () => {
    const storm = balancedReport(200);
    storm.fake.rateLimit = { requestsPerMinute: 360, admitted: 200, limited: 40, busiestMinute: 340 };
    assert.equal(noStormCheck(storm).ok, false);
    const slow = balancedReport(200);
    slow.fake.rateLimit = { requestsPerMinute: 360, admitted: 200, limited: 1, busiestMinute: 300 };
    assert.equal(atLimitCheck(slow).ok, false);
  });
});
