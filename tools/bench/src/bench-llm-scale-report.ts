import { textTable } from '@alkdrec/text-table';
import type { BenchRunReport } from './bench-llm-run';
import type { Check } from './bench-llm-report';

/** 429s the server sent (its own limit and injected ones) and 429s the workers logged. */
export function rateLimited(r: BenchRunReport): { server: number; workers: number } {
  return { server: (r.fake.rateLimit?.limited ?? 0) + (r.fake.faults['rate-limit-429'] ?? 0), workers: r.workerFaults['rate_limit_error'] ?? 0 };
}

const seconds = (ms: number): number => ms / 1000;

/** Columns both tables share: the work and its accounting. */
function accountingCells(r: BenchRunReport): string[] {
  const limited = rateLimited(r);
  return [
    `${limited.server} / ${limited.workers}`,
    `${r.ledger.answers} / ${r.fake.delivered.answers}`,
    String(r.store.answersStored),
    r.timeline.answeredByWorker.join('+'),
  ];
}
const ACCOUNTING_HEADER = ['429s server/workers', 'billed ledger/server', 'answers stored', 'answered per worker'];

/** Table 1: throughput by worker count, no rate limit anywhere. */
export function formatScaleTable(reports: readonly BenchRunReport[], latencyMs: number): string {
  const base = reports.find((r) => (r.spec.workers ?? 1) === 1) ?? reports[0];
  const baseRate = base ? base.spec.sessions / seconds(base.wallMs) : 0;
  const rows = reports.map((r) => {
    const workers = r.spec.workers ?? 1;
    const rate = r.spec.sessions / seconds(r.wallMs);
    return [
      String(workers),
      String(workers * r.spec.concurrency),
      String(r.spec.sessions),
      seconds(r.wallMs).toFixed(1),
      rate.toFixed(2),
      ((workers * r.spec.concurrency) / seconds(latencyMs)).toFixed(2),
      baseRate > 0 ? `${(rate / baseRate).toFixed(2)}×` : '-',
      ...accountingCells(r),
    ];
  });
  const header = ['workers', 'in flight', 'rankings', 'wall s', 'requests/s', 'ideal/s', 'vs 1 worker', ...ACCOUNTING_HEADER];
  return textTable([header, ...rows], { ruleUnderHeader: true });
}

/** Table 2: the same workers under the provider's per-minute limit, with the matching queue limiter. */
export function formatLimitedTable(reports: readonly BenchRunReport[]): string {
  const rows = reports.map((r) => {
    const limiter = r.spec.queueLimiter;
    return [
      String(r.spec.workers ?? 1),
      String(r.spec.sessions),
      seconds(r.wallMs).toFixed(1),
      (r.spec.sessions / seconds(r.wallMs)).toFixed(2),
      String(r.fake.rateLimit?.requestsPerMinute ?? '-'),
      limiter ? `${limiter.max} / ${limiter.durationMs} ms` : 'none',
      String(r.fake.rateLimit?.busiestMinute ?? '-'),
      ((r.fake.rateLimit?.busiestMinute ?? 0) / 60).toFixed(2),
      ...accountingCells(r),
    ];
  });
  const header = ['workers', 'rankings', 'wall s', 'requests/s', 'server limit/min', 'queue limiter', 'busiest minute', 'busiest req/s', ...ACCOUNTING_HEADER];
  return textTable([header, ...rows], { ruleUnderHeader: true });
}

/**
 * Every ranking billed exactly once, and every request and 429 accounted for: what must hold
 * however many workers share the queue. Rankings here have distinct prompts, so billed answers,
 * stored answers and jobs ranked must all be the same number.
 */
export function accountingChecks(r: BenchRunReport): Check[] {
  const sessions = r.spec.sessions;
  const outcomes = r.statuses.ranked + r.statuses['parse-failed'] + r.statuses['not-available'] + r.statuses['budget-exhausted'];
  const limited = rateLimited(r);
  const generations = r.fake.generations['messages'] ?? 0;
  return [
    {
      what: 'every job ended with a recorded outcome',
      ok: outcomes === sessions && r.statuses.failed === 0 && r.statuses.ranked === sessions,
      detail: `${r.statuses.ranked} ranked of ${sessions}, ${r.statuses['parse-failed']} parse-failed, ${r.statuses.failed} failed`,
    },
    {
      what: 'each ranking billed exactly once',
      ok:
        r.fake.delivered.answers === sessions &&
        r.fake.delivered.prompts === sessions &&
        r.fake.delivered.promptsAnsweredTwice === 0 &&
        r.ledger.answers === sessions &&
        r.store.answersStored === sessions,
      detail:
        `server billed ${r.fake.delivered.answers} answers for ${r.fake.delivered.prompts} prompts (${r.fake.delivered.promptsAnsweredTwice} twice), ` +
        `ledger ${r.ledger.answers} answered, ${r.store.answersStored} answers stored`,
    },
    {
      what: 'no request lost or left open',
      ok: r.ledger.lost === 0 && r.ledger.open === 0 && r.ledger.requests === (r.fake.requests['messages'] ?? 0),
      detail: `ledger ${r.ledger.requests} requests (${r.ledger.lost} lost, ${r.ledger.open} open), server ${r.fake.requests['messages'] ?? 0}`,
    },
    {
      // A request refused by the server's limit was claimed like any other, but generated nothing.
      what: 'every request was claimed in the store first',
      ok: r.store.claims === generations + (r.fake.rateLimit?.limited ?? 0),
      detail: `claims ${r.store.claims}, server ${generations} generations + ${r.fake.rateLimit?.limited ?? 0} refused by its limit`,
    },
    { what: 'every 429 the server sent reached a worker', ok: limited.server === limited.workers, detail: `server ${limited.server}, workers ${limited.workers}` },
    {
      what: 'cost: request ledger and run budget agree',
      ok: Math.abs(r.ledger.answeredUsd - r.store.runSpentUsd) < 1e-6,
      detail: `ledger ${r.ledger.answeredUsd.toFixed(6)}, run budget ${r.store.runSpentUsd.toFixed(6)} USD`,
    },
  ];
}

/** Under the limit: no 429 storm (at most 1% of requests refused). */
export function noStormCheck(r: BenchRunReport): Check {
  const limited = rateLimited(r).server;
  return { what: 'no 429 storm (≤ 1% of requests refused)', ok: limited <= Math.ceil(r.timeline.sent * 0.01), detail: `${limited} of ${r.timeline.sent} requests refused` };
}

/**
 * The workers together sent as fast as the queue limiter lets them, however many they are: the
 * busiest rolling minute the server saw is at least 97% of the limiter's rate (which sits a few
 * percent under the provider's; the server never admits more than its own limit). Needs a run
 * that sends for more than a minute.
 */
export function atLimitCheck(r: BenchRunReport): Check {
  const rpm = r.fake.rateLimit?.requestsPerMinute ?? 0;
  const limiter = r.spec.queueLimiter;
  const limiterRpm = limiter ? (limiter.max * 60_000) / limiter.durationMs : rpm;
  const busiest = r.fake.rateLimit?.busiestMinute ?? 0;
  return {
    what: "sending at the queue limiter's rate (busiest minute ≥ 97% of it)",
    ok: busiest >= limiterRpm * 0.97 && busiest <= rpm,
    detail: `busiest rolling minute ${busiest} requests, queue limiter ${limiterRpm.toFixed(1)}/min, provider limit ${rpm}/min`,
  };
}
