import { isDeepStrictEqual } from 'node:util';
import type { ScenarioRun } from './run-scenario';

/** A session outcome that is not a failure: the LLM's answers stayed unparseable after their corrective retry. */
const UNPARSEABLE = 'parse-failed';

/** The figures of one table row, as numbers (drill-report.ts formats them). */
export interface ScenarioFigures {
  /** Requests the simulated server saw (Messages API). */
  serverRequests: number;
  /** Requests the run's ledger counts (LlmRequest rows other than NOT_AVAILABLE). */
  countedRequests: number;
  /** Prompts the server answered more than once. */
  answeredTwice: number;
  /** The server's requests in flight right before the disturbance (0 without one). */
  inFlightAtStrike: number;
  openReservations: number;
  /** Selected sessions without a ranking for any reason but unparseable answers. */
  sessionsFailed: number;
  unparseable: number;
  /** Compared with the undisturbed run (undefined for the undisturbed run itself). */
  same?: { selection: boolean; answers: boolean; distilled: boolean };
}

/** `baseline` is the undisturbed run (scenario a); compared only when it is another run and completed. */
export function figuresOf(run: ScenarioRun, baseline: ScenarioRun): ScenarioFigures {
  const { snapshot } = run;
  const statuses = snapshot.selection.map((s) => s.llmStatus);
  const figures: ScenarioFigures = {
    serverRequests: run.fake.requests['messages'] ?? 0,
    countedRequests: snapshot.ledger.requests,
    answeredTwice: run.fake.delivered.promptsAnsweredTwice,
    inFlightAtStrike: run.disturbance?.done ? run.disturbance.inFlight : 0,
    openReservations: snapshot.ledger.open,
    // Selected but never stored (a run that did not get that far) counts as failed too.
    sessionsFailed: statuses.filter((s) => s !== 'ranked' && s !== UNPARSEABLE).length + Math.max(0, run.spec.budget - statuses.length),
    unparseable: statuses.filter((s) => s === UNPARSEABLE).length,
  };
  if (baseline === run || !baseline.completed) return figures;
  const drawn = (r: ScenarioRun) => r.snapshot.selection.map((s) => [s.row, s.order]);
  const answered = (r: ScenarioRun) => r.snapshot.selection.map((s) => [s.row, s.llmStatus, s.ranking]);
  return {
    ...figures,
    same: {
      selection: isDeepStrictEqual(drawn(run), drawn(baseline)),
      answers: isDeepStrictEqual(answered(run), answered(baseline)),
      distilled: run.snapshot.distilled !== null && isDeepStrictEqual(run.snapshot.distilled, baseline.snapshot.distilled),
    },
  };
}

/**
 * The issue's "done when", for one scenario: every condition that does not hold, in words (empty:
 * the scenario passed). `baseline` is the undisturbed run (scenario a; may be `run` itself).
 */
export function failedChecks(run: ScenarioRun, baseline: ScenarioRun): string[] {
  const f = figuresOf(run, baseline);
  const failed: string[] = [];
  const check = (ok: boolean, what: string) => void (ok || failed.push(what));
  const killsRequester = run.scenario.disturbance?.killsRequester === true;

  check(run.completed && run.snapshot.status === 'SUCCEEDED', `completed (${run.failure ?? `run ${run.snapshot.status}${run.snapshot.error ? `: ${run.snapshot.error}` : ''}`})`);
  if (run.scenario.disturbance) check(run.disturbance?.done === true, `disturbed (${run.disturbance && !run.disturbance.done ? run.disturbance.why : 'not attempted'})`);
  if (baseline !== run) check(baseline.completed, 'compared with the undisturbed run (scenario a did not complete)');
  if (f.same) {
    check(f.same.selection, 'the same selection as the undisturbed run');
    check(f.same.answers, 'the same LLM answers for every selected session as the undisturbed run');
    check(f.same.distilled, 'the same distilled test metrics as the undisturbed run');
  }
  check(f.countedRequests >= f.serverRequests, `our request count (${f.countedRequests}) is not below the server's (${f.serverRequests})`);
  if (killsRequester) {
    check(f.countedRequests - f.serverRequests <= f.inFlightAtStrike, `our count exceeds the server's by at most the requests in flight at the kill (${f.countedRequests - f.serverRequests} > ${f.inFlightAtStrike})`);
  } else {
    check(f.countedRequests === f.serverRequests, `our request count equals the server's without a kill of an llm-worker (${f.countedRequests} ≠ ${f.serverRequests})`);
  }
  check(f.answeredTwice <= f.inFlightAtStrike, `prompts answered twice (${f.answeredTwice}) ≤ requests in flight at the kill (${f.inFlightAtStrike})`);
  check(f.openReservations === 0, `no reservation left open (${f.openReservations})`);
  check(f.sessionsFailed === 0, `no session failed but unparseable ones (${f.sessionsFailed})`);
  check(run.snapshot.repeated.sameAnswers, 'selected sessions with the same prompt got the same answer');
  if (run.result) {
    check(run.result.llm.requests === f.countedRequests, `the run's printed request count (${run.result.llm.requests}) is the ledger's (${f.countedRequests})`);
  }
  check(run.unexpectedExits.length === 0, `no service died on its own (${run.unexpectedExits.map((e) => `${e.service}: ${e.exit.signal ?? `exit ${e.exit.code}`}`).join(', ')})`);
  return failed;
}
