import type { BenchRunReport } from './bench-llm-run';
import { textTable } from '@alkdrec/text-table';

/** The runs side by side, with the paper's sequential GPT-4 figures for scale. */
export function formatReports(reports: readonly BenchRunReport[], paper: { calls: number; wallMinutes: number; usd: number }): string {
  const header = ['run', 'wall s', 'jobs/s', 'requests', 'batches', 'concurrency', 'retries', 'ranked', 'parse-failed', 'failed', 'cost USD', 'USD / 500'];
  const rows = reports.map((r) => {
    const requests = (r.fake.generations['messages'] ?? 0) + (r.fake.generations['batch-item'] ?? 0);
    const jobs = r.spec.sessions;
    return [
      r.spec.label,
      (r.wallMs / 1000).toFixed(1),
      (jobs / (r.wallMs / 1000)).toFixed(2),
      String(requests),
      String(r.fake.batches.created),
      String(r.spec.concurrency),
      String(r.retries),
      String(r.statuses.ranked),
      String(r.statuses['parse-failed']),
      String(r.statuses.failed),
      r.costUsd.toFixed(4),
      ((r.costUsd / jobs) * 500).toFixed(4),
    ];
  });
  rows.push([`paper (GPT-4, sequential)`, String(paper.wallMinutes * 60), (paper.calls / (paper.wallMinutes * 60)).toFixed(2), String(paper.calls), '-', '1', '-', '-', '-', '-', paper.usd.toFixed(4), paper.usd.toFixed(4)]);
  return textTable([header, ...rows], { ruleUnderHeader: true });
}

export interface Check {
  what: string;
  ok: boolean;
  detail: string;
}

/**
 * What must hold after the fault mix: every job accounted for, every request and every paid answer
 * in the request ledger, faults seen as injected. A prompt may be answered twice on purpose: the
 * simulated model gives a prompt the same useless answer every time, and a stored unusable answer is
 * asked again on a job's retry (LLM_PARSE_FAILED_RETRIES), so answers are counted per request
 * (ledger), not per stored prompt.
 */
export function faultChecks(r: BenchRunReport): Check[] {
  const injected = r.fake.faults;
  const seen = (errorClass: string): number => r.workerFaults[errorClass] ?? 0;
  const generations = r.fake.generations['messages'] ?? 0;
  const outcomes = r.statuses.ranked + r.statuses['parse-failed'] + r.statuses['not-available'] + r.statuses['budget-exhausted'];
  const pair = (what: string, expected: number, actual: number, how: string): Check => ({ what, ok: expected === actual, detail: `${how} ${actual}, server ${expected}` });
  return [
    { what: 'every job ended with a recorded outcome', ok: outcomes === r.spec.sessions && r.statuses.failed === 0, detail: `${outcomes} of ${r.spec.sessions} outcomes, ${r.statuses.failed} failed jobs` },
    pair('every request the worker made was claimed in the store first', generations, r.store.claims, 'claims'),
    pair('every request the server saw is in the request ledger', r.fake.requests['messages'] ?? 0, r.ledger.requests, 'ledger requests'),
    {
      what: 'every answer paid is in the request ledger',
      ok: r.fake.delivered.answers === r.ledger.answers,
      detail: `ledger answers ${r.ledger.answers}, server ${r.fake.delivered.answers} (${r.fake.delivered.promptsAnsweredTwice} prompts answered twice: unusable answers asked again)`,
    },
    pair('429 rate limits', injected['rate-limit-429'] ?? 0, seen('rate_limit_error'), 'worker saw'),
    pair('529 overloaded', injected['overloaded-529'] ?? 0, seen('overloaded_error'), 'worker saw'),
    pair('500 server errors', injected['server-error-500'] ?? 0, seen('api_error'), 'worker saw'),
    pair('hanging requests given up', injected['hang'] ?? 0, seen('timeout'), 'worker timeouts'),
    pair('malformed answers recorded as unparseable', injected['malformed'] ?? 0, r.ledger.faults['unparseable'] ?? 0, 'ledger unparseable answers'),
    {
      // Jobs report what their successful attempt paid; an answer paid by an attempt that failed
      // later (say the corrective call hit a 529) is reused free by the retry, so jobs ≤ ledger.
      what: 'cost: request ledger and run budget agree, jobs never report more',
      ok: Math.abs(r.ledger.answeredUsd - r.store.runSpentUsd) < 1e-6 && r.costUsd <= r.ledger.answeredUsd + 1e-9,
      detail: `ledger ${r.ledger.answeredUsd.toFixed(6)}, run budget ${r.store.runSpentUsd.toFixed(6)}, jobs ${r.costUsd.toFixed(6)} USD (${(r.ledger.answeredUsd - r.costUsd).toFixed(6)} paid by attempts that failed later)`,
    },
  ];
}
