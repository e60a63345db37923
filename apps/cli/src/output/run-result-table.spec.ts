import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RunResult, runIdOf, stagesOf, type RunSpec } from '@alkdrec/contracts';
import { formatRunResult } from './run-result-table';

const SPEC: RunSpec = { dataset: 'movielens-hetrec2011', backbone: 'fpmc', strategy: 'alkdrec', provider: 'replay', budget: 500, seed: 1 };

const DETAILS: Record<string, string> = {
  teacher: 'reused fpmc-teacher-movielens-hetrec2011-s1',
  student: 'trained fpmc-student-movielens-hetrec2011-s1',
  predict: '9876 sessions predicted',
  hints: '20 hint summaries',
  select: '500 sessions selected',
  rank: '480 rankings stored',
  distill: 'distilled fpmc-distilled-run1',
};

function fixture(spec: RunSpec = SPEC): RunResult {
  return RunResult.parse({
    runId: runIdOf(spec),
    spec,
    stages: stagesOf(spec.strategy).map((name, i) => ({
      name,
      wallMs: i === 0 ? 0 : 1_000 * i,
      attempts: i === 0 ? 0 : 1,
      resumed: name === 'teacher',
      detail: DETAILS[name],
    })),
    student: { modelId: 'fpmc-student-movielens-hetrec2011-s1', test: { recall5: 0.0123456, ndcg5: 0.00812, recall10: 0.02, ndcg10: 0.011 } },
    teacher: { modelId: 'fpmc-teacher-movielens-hetrec2011-s1', test: { recall5: 0.0456, ndcg5: 0.031, recall10: 0.067891, ndcg10: 0.0381 } },
    distilled: { modelId: 'fpmc-distilled-run1', test: { recall5: 0.0222, ndcg5: 0.0144, recall10: 0.0333, ndcg10: 0.01999999 } },
    pool: { size: 1234, note: 'sessions with a recorded GPT-4 answer' },
    llm: {
      selected: 500,
      outcomes: { ranked: 480, 'not-available': 20 },
      calls: 520,
      cachedCalls: 500,
      requests: 36,
      answers: 22,
      lost: 3,
      openReservations: 0,
      faults: { overloaded_error: 4, rate_limit_error: 7, unparseable: 2 },
      costUsd: 0.123456,
      lostUsd: 0.0123,
    },
    wallMs: 83_400,
  });
}

/** The stage table: the block (between blank lines) headed by "stage". */
function stageTable(text: string): string {
  const table = text.split('\n\n').find((block) => block.startsWith('stage '));
  assert.ok(table !== undefined, `no stage table in:\n${text}`);
  return table;
}

/** The line of `block` that starts with `label` followed by whitespace. */
function lineOf(block: string, label: string): string {
  const line = block.split('\n').find((l) => l.startsWith(`${label} `));
  assert.ok(line !== undefined, `no line for ${label} in:\n${block}`);
  return line;
}

describe(formatRunResult.name, () => {
  it('lists every stage with its outcome, marking stages finished earlier', () => {
    const table = stageTable(formatRunResult(fixture()));
    assert.equal(table.split('\n').length, 1 + stagesOf('alkdrec').length);
    for (const stage of stagesOf('alkdrec')) {
      const line = lineOf(table, stage);
      assert.ok(line.endsWith(DETAILS[stage] ?? '<none>'), `stage line without its detail: ${line}`);
      if (stage === 'teacher') assert.match(line, /\(finished earlier\) reused fpmc-teacher/);
      else assert.doesNotMatch(line, /finished earlier/);
    }
    assert.match(table, /^stage\s+wall\s+tries\s+outcome$/m);
    assert.match(lineOf(table, 'student'), /^student\s+1\.0s\s+1\s+trained/);
  });

  it('shows the three models test metrics to five decimals, and their ids', () => {
    const text = formatRunResult(fixture());
    assert.match(text, /^student\s+0\.01235\s+0\.00812\s+0\.02000\s+0\.01100$/m);
    assert.match(text, /^teacher\s+0\.04560\s+0\.03100\s+0\.06789\s+0\.03810$/m);
    assert.match(text, /^distilled\s+0\.02220\s+0\.01440\s+0\.03330\s+0\.02000$/m);
    assert.match(text, /^run\s+movielens-hetrec2011\.fpmc\.alkdrec\.replay\.b500\.s1$/m);
    assert.match(text, /^student\s+fpmc-student-movielens-hetrec2011-s1$/m);
    assert.match(text, /^teacher\s+fpmc-teacher-movielens-hetrec2011-s1$/m);
    assert.match(text, /^distilled\s+fpmc-distilled-run1$/m);
  });

  it('shows the pool and the LLM bill with counts, calls, cached calls and cost', () => {
    const text = formatRunResult(fixture());
    assert.match(text, /^pool\s+1234 sessions — sessions with a recorded GPT-4 answer$/m);
    assert.match(
      text,
      /^LLM \(replay\): 500 sessions selected — 480 ranked, 20 not-available; 520 calls \(500 from the response store\), 0\.1235 USD$/m,
    );
  });

  it('shows the request ledger: requests, answers, lost answers with their estimate, faults by class', () => {
    const text = formatRunResult(fixture());
    assert.match(
      text,
      /^LLM requests: 36 sent, 22 answered, 3 lost to crashes \(estimated 0\.0123 USD, included\); faults: 4 overloaded_error, 7 rate_limit_error, 2 unparseable$/m,
    );
    const clean = formatRunResult({ ...fixture(), llm: { ...fixture().llm, lost: 0, lostUsd: 0, faults: {}, openReservations: 2 } });
    assert.match(clean, /^LLM requests: 36 sent, 22 answered; 2 still in flight; faults: none$/m);
  });

  it('leaves the pool line out when there is no pool', () => {
    const text = formatRunResult({ ...fixture(), pool: null });
    assert.doesNotMatch(text, /^pool/m);
  });

  it('says no LLM was asked for tr', () => {
    const spec: RunSpec = { ...SPEC, strategy: 'tr' };
    const none = { selected: 0, outcomes: {}, calls: 0, cachedCalls: 0, requests: 0, answers: 0, lost: 0, openReservations: 0, faults: {}, costUsd: 0, lostUsd: 0 };
    const text = formatRunResult({ ...fixture(spec), pool: null, llm: none });
    assert.match(text, /^LLM: none \(tr distils the teacher's top-50\)$/m);
    assert.doesNotMatch(text, /USD/);
    const table = stageTable(text);
    for (const stage of stagesOf('tr')) lineOf(table, stage);
    assert.doesNotMatch(table, /^(hints|select|rank)\s/m);
  });
});
