import { textTable } from '@alkdrec/text-table';
import type { ScenarioRun } from './run-scenario';
import { failedChecks, figuresOf } from './scenario-checks';

export const REPORT_HEADER = [
  'scenario',
  'completed (wall)',
  'same selection · answers · distilled as (a)',
  'requests: server / counted',
  'answered twice / in flight at kill',
  'reservations open',
  'sessions failed (+ unparseable)',
] as const;

/** One table row per scenario, as the drill prints it and docs/reliability.md shows it. */
export function reportRows(runs: readonly ScenarioRun[], baseline: ScenarioRun): string[][] {
  return runs.map((run) => {
    const f = figuresOf(run, baseline);
    const yes = (ok: boolean) => (ok ? 'yes' : 'NO');
    return [
      `${run.scenario.name}  ${run.scenario.title}`,
      run.completed ? `yes (${formatWall(run.wallMs)})` : `NO (${formatWall(run.wallMs)})`,
      run === baseline ? '(the reference)' : f.same ? `${yes(f.same.selection)} · ${yes(f.same.answers)} · ${yes(f.same.distilled)}` : '–',
      `${f.serverRequests} / ${f.countedRequests}`,
      `${f.answeredTwice} / ${run.disturbance?.done ? f.inFlightAtStrike : '–'}`,
      String(f.openReservations),
      `${f.sessionsFailed} (+ ${f.unparseable})`,
    ];
  });
}

/** The table, what each disturbance did, the repeated prompts, and every check that failed. */
export function formatDrillReport(runs: readonly ScenarioRun[], baseline: ScenarioRun): string {
  const lines = [textTable([[...REPORT_HEADER], ...reportRows(runs, baseline)], { ruleUnderHeader: true, leftAligned: [1, 2] }), ''];
  for (const run of runs) {
    const d = run.disturbance;
    const what = d === null ? 'undisturbed' : d.done ? `${d.what} at ${formatWall(d.atMs)}, ${d.inFlight} requests in flight at the server` : `NOT disturbed: ${d.why}`;
    const { repeated, ledger } = run.snapshot;
    const shared = `${repeated.rows} selected sessions share ${repeated.prompts} prompts${repeated.sameAnswers ? ' (one answer each)' : ' (DIFFERENT answers)'}`;
    const paid = `ledger: ${ledger.answers} answers, ${ledger.lost} lost (≈ ${ledger.lostUsd.toFixed(6)} USD of ${(ledger.answeredUsd + ledger.lostUsd).toFixed(6)})`;
    lines.push(`${run.scenario.name}: ${what}; ${shared}; ${paid}; logs ${run.logDir}`);
  }
  const failures = runs.flatMap((run) => failedChecks(run, baseline).map((what) => `${run.scenario.name}: FAILED ${what}`));
  lines.push('', failures.length === 0 ? 'every scenario met every condition' : failures.join('\n'));
  return lines.join('\n');
}

/** The same rows as a Markdown table (for docs/reliability.md). */
export function markdownTable(runs: readonly ScenarioRun[], baseline: ScenarioRun): string {
  const rows = [[...REPORT_HEADER], REPORT_HEADER.map(() => '---'), ...reportRows(runs, baseline)];
  return rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
}

function formatWall(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}
