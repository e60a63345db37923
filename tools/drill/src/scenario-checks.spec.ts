import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RunSpec } from '@alkdrec/contracts';
import type { FakeLlmStatsView } from '@alkdrec/llm-providers/testing';
import { formatDrillReport } from './drill-report';
import type { ScenarioRun } from './run-scenario';
import { failedChecks, figuresOf } from './scenario-checks';
import { SCENARIOS, type ScenarioName } from './scenarios';

const spec = RunSpec.parse({ dataset: 'movielens-drill', backbone: 'fpmc', strategy: 'alkdrec', provider: 'anthropic', budget: 3, seed: 1, maxSteps: 30 });
const selection = [
  { row: 4, order: 0, llmStatus: 'ranked', ranking: [7, 3] },
  { row: 9, order: 1, llmStatus: 'ranked', ranking: [7, 3] },
  { row: 2, order: 2, llmStatus: 'parse-failed', ranking: [] },
];

/** A scenario's run as the drill records it, with the figures of a clean run unless overridden. */
function run(name: ScenarioName, changes: { requests?: [server: number, counted: number]; answeredTwice?: number; inFlight?: number } & Partial<ScenarioRun> = {}): ScenarioRun {
  const [server, counted] = changes.requests ?? [10, 10];
  const fake: FakeLlmStatsView = {
    generations: { messages: server },
    faults: {},
    requests: { messages: server },
    batches: { created: 0, requests: 0 },
    delivered: { answers: 7, prompts: 7 - (changes.answeredTwice ?? 0), promptsAnsweredTwice: changes.answeredTwice ?? 0 },
    inFlightNow: 0,
  };
  const scenario = SCENARIOS[name];
  return {
    scenario,
    spec,
    completed: true,
    failure: null,
    wallMs: 20_000,
    result: null,
    snapshot: {
      status: 'SUCCEEDED',
      error: null,
      selection,
      distilled: { recall5: 0.1, ndcg5: 0.05, recall10: 0.2, ndcg10: 0.07 },
      ledger: { requests: counted, answers: 7, lost: 0, open: 0, faults: {}, answeredUsd: 0.01, lostUsd: 0 },
      repeated: { rows: 2, prompts: 1, sameAnswers: true },
      stageAttempts: {},
    },
    fake,
    disturbance: scenario.disturbance ? { done: true, what: 'struck', atMs: 5_000, inFlight: changes.inFlight ?? 0 } : null,
    unexpectedExits: [],
    logDir: `/logs/${name}`,
    schema: `test_${name}`,
    ...changes,
  };
}

describe('the drill’s done-when checks', () => {
  const a = run('a');

  it('pass a clean run, and count unparseable sessions apart from failed ones', () => {
    assert.deepEqual(failedChecks(a, a), []);
    assert.deepEqual(failedChecks(run('c'), a), []);
    const f = figuresOf(run('c'), a);
    assert.deepEqual([f.sessionsFailed, f.unparseable, f.same], [0, 1, { selection: true, answers: true, distilled: true }]);
  });

  it('allow our count above the server’s after an llm-worker kill by the requests in flight then, and no more', () => {
    assert.deepEqual(failedChecks(run('b', { requests: [10, 12], inFlight: 2 }), a), []);
    assert.match(failedChecks(run('b', { requests: [10, 13], inFlight: 2 }), a).join(), /exceeds the server's by at most the requests in flight at the kill \(3 > 2\)/);
    assert.match(failedChecks(run('c', { requests: [10, 11], inFlight: 4 }), a).join(), /equals the server's without a kill of an llm-worker \(11 ≠ 10\)/);
    assert.match(failedChecks(run('b', { requests: [10, 9], inFlight: 4 }), a).join(), /not below the server's/);
  });

  it('allow prompts answered twice up to the requests in flight at the kill, none without one', () => {
    assert.deepEqual(failedChecks(run('b', { answeredTwice: 2, inFlight: 2 }), a), []);
    assert.match(failedChecks(run('b', { answeredTwice: 3, inFlight: 2 }), a).join(), /prompts answered twice \(3\) ≤ requests in flight at the kill \(2\)/);
    assert.match(failedChecks(run('a', { answeredTwice: 1 }), a).join(), /prompts answered twice \(1\) ≤ requests in flight at the kill \(0\)/);
  });

  it('compare selection, answers and distilled metrics with the undisturbed run', () => {
    const other = (changes: Partial<ScenarioRun['snapshot']>) => run('d', { snapshot: { ...a.snapshot, ...changes } });
    const reordered = [selection[1], selection[0], selection[2]].map((s, order) => ({ ...(s as (typeof selection)[number]), order }));
    assert.match(failedChecks(other({ selection: reordered }), a).join(), /the same selection/);
    const reranked = selection.map((s) => (s.row === 9 ? { ...s, ranking: [3, 7] } : s));
    assert.match(failedChecks(other({ selection: reranked }), a).join(), /the same LLM answers/);
    assert.match(failedChecks(other({ distilled: { recall5: 0.1, ndcg5: 0.05, recall10: 0.2, ndcg10: 0.0700001 } }), a).join(), /the same distilled test metrics/);
    assert.match(failedChecks(run('d'), { ...a, completed: false }).join(), /scenario a did not complete/);
  });

  it('fail open reservations, failed sessions, diverging shared answers, crashes and an unfinished run', () => {
    const failing = run('f', {
      snapshot: {
        ...a.snapshot,
        ledger: { ...a.snapshot.ledger, open: 1 },
        selection: [...selection.slice(0, 2), { row: 2, order: 2, llmStatus: 'failed', ranking: [] }],
        repeated: { rows: 2, prompts: 1, sameAnswers: false },
      },
      unexpectedExits: [{ service: 'selector', exit: { code: 1, signal: null }, atMs: 3_000 }],
    });
    const failed = failedChecks(failing, a).join('\n');
    for (const what of [/no reservation left open \(1\)/, /no session failed but unparseable ones \(1\)/, /the same prompt got the same answer/, /no service died on its own \(selector: exit 1\)/]) {
      assert.match(failed, what);
    }
    const unfinished = run('e', { completed: false, failure: 'alkdrec run had not finished after 300 s', snapshot: { ...a.snapshot, status: 'RUNNING', selection: [] } });
    assert.match(failedChecks(unfinished, a).join(), /completed \(alkdrec run had not finished after 300 s\)/);
    assert.equal(figuresOf(unfinished, a).sessionsFailed, 3, 'selected sessions never answered count as failed');
    assert.match(failedChecks(run('b', { disturbance: { done: false, why: 'the run ended before the mid-rank moment came' } }), a).join(), /disturbed \(the run ended before/);
  });

  it('print one row per scenario and every failed check', () => {
    const report = formatDrillReport([a, run('b', { requests: [10, 12], inFlight: 3 })], a);
    assert.match(report, /a {2}faults only\s+yes \(20 s\)\s+\(the reference\)\s+10 \/ 10\s+0 \/ –\s+0\s+0 \(\+ 1\)/);
    assert.match(report, /b {2}SIGKILL an llm-worker mid-rank\s+yes \(20 s\)\s+yes · yes · yes\s+10 \/ 12\s+0 \/ 3/);
    assert.match(report, /every scenario met every condition/);
    assert.match(formatDrillReport([a, run('c', { requests: [10, 11] })], a), /c: FAILED our request count equals the server's/);
  });
});
