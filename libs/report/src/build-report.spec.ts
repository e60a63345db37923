import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { experimentCells, ExperimentGrid } from '@alkdrec/contracts';
import { buildReport } from './build-report';
import type { CellData, EvaluationData, ReportInput, RunData, SelectionPick } from './model/report-input';
import { metricsOfRanks } from './statistics';

const ML = 'movielens-hetrec2011';
const grid = ExperimentGrid.parse({
  name: 'tiny',
  datasets: [ML],
  backbones: ['fpmc'],
  variants: ['student', 'alkdrec', 'random'],
  seeds: [1, 2],
  budget: 10,
  budgetCurve: { datasets: [ML], backbones: ['fpmc'], strategies: ['alkdrec', 'random'], budgets: [5] },
  windowExclusion: [{ dataset: ML, backbone: 'fpmc' }],
});

/** 200 test sessions; a hit (rank `rank`) on every session index divisible by `every`, rank 500 elsewhere. */
function evaluation(every: number, rank: number): EvaluationData {
  const ranks = Array.from({ length: 200 }, (_, i) => (i % every === 0 ? rank : 500));
  return { metrics: metricsOfRanks(ranks), ranks };
}

const EVALUATIONS = { student: evaluation(20, 3), alkdrec: evaluation(4, 1), random: evaluation(10, 2), teacher: evaluation(2, 0), tr: evaluation(2, 0), easiest: evaluation(2, 0), hardest: evaluation(2, 0), 'rad-bc': evaluation(2, 0) };

function input(options: { randomSeed2Running: boolean; alkdrecLikeRandom?: boolean; window?: boolean }): ReportInput {
  const cells: CellData[] = experimentCells(grid).map((cell) => {
    const running = options.randomSeed2Running && cell.variant === 'random' && cell.seed === 2 && !cell.curve;
    const source = options.alkdrecLikeRandom && cell.variant === 'alkdrec' ? 'random' : cell.variant;
    const evaluationData = running ? null : EVALUATIONS[source];
    return { cell, runStatus: running ? 'RUNNING' : 'SUCCEEDED', evaluation: evaluationData, windowEvaluation: options.window && evaluationData ? evaluation(4, 0) : null };
  });
  const picks = (n: number): SelectionPick[] =>
    Array.from({ length: n }, (_, i) => ({ rank: 60 + i, probability: 0.01 * (i + 1), answered: i !== 0, llmRight: i === 0 ? null : i % 2 === 0, studentRight: i % 3 === 0 ? true : i % 3 === 1 ? false : null }));
  const runs: RunData[] = [...new Set(cells.filter((c) => c.cell.model === 'distilled').map((c) => c.cell.runId))].map((runId) => {
    const cell = cells.find((c) => c.cell.runId === runId && c.cell.model === 'distilled')!.cell;
    return {
      runId, dataset: ML, backbone: 'fpmc', strategy: cell.variant as RunData['strategy'], seed: cell.seed, budget: cell.budget ?? 0,
      status: cells.find((c) => c.cell.runId === runId)!.runStatus!, poolSize: 80, poolNote: 'replay: recorded answers only', selections: picks(cell.budget ?? 0), llm: { calls: cell.budget ?? 0, tokens: [] },
    };
  });
  return { grid, cells, runs, datasets: [{ name: ML, trainCount: 100, testCount: 200 }] };
}

describe('buildReport', () => {
  it('writes the tables, tests, coverage and verdict from the numbers', () => {
    const report = buildReport(input({ randomSeed2Running: true }), 'alkdrec report --grid tiny.json');
    const md = report.markdown;
    // student seed rows: 10 hits of 200 = .05000, sd 0 over two seeds; ALKDRec 50 of 200.
    assert.match(md, /\| student \| .* \| \.05000 ± \.00000 \| .* \| 2 \| · \| · \| −\.20000 \(p < \.001\)/);
    assert.match(md, /\| alkdrec \| .* \| \.25000 ± \.00000 \| .* \| 2 \| \+\.20000 \(p < \.001\)/);
    // random has one finished seed: no sd, and its coverage says the other is running.
    assert.match(md, /\| random \| [^|]+ \| [^|]+ \| \.10000 \| [^|]+ \| 1 \|/);
    assert.match(md, /\| movielens-hetrec2011 \| fpmc \| 2\/2 \| 2\/2 \| 1\/2 \(1 running\) \|/);
    assert.match(md, /Main table: 5 of 6 cells done/);
    // ALKDRec vs random on the shared seed: 40 sessions only ALKDRec hits, 10 only random → exact binomial.
    assert.match(md, /ALKDRec is ahead of random by \.15000 in R@10 over 1 seed \(test sessions only ALKDRec hits: 40, only random: 10;.*ALKDRec's lead over random is beyond noise \(p < \.001 < 0\.05\)/);
    // The paper's numbers sit beside the cells (Table 1 ML FPMC student R@10 / N@10).
    assert.match(md, /\| \.01055 \/ \.00415 \|/);
    assert.match(md, /No evaluation under the window rule is stored yet for movielens-hetrec2011 · fpmc/);
    assert.match(md, /drew from 80 of 100 training sessions \(80\.0 %\) — replay: recorded answers only/);
    assert.match(md, /0\.0172 USD a call/);
    assert.doesNotMatch(md, /reference selections is/, 'no union sentence without reference selections');
  });

  it("measures how much of replay's pool the authors' own selections make up", () => {
    const base = input({ randomSeed2Running: false });
    const withUnion = { ...base, datasets: [{ ...base.datasets[0]!, referenceUnion: { unionSessions: 60, unionRecorded: 58, recordedSessions: 80 } }] };
    const md = buildReport(withUnion, 'cmd').markdown;
    assert.match(md, /The union of the authors' five reference selections is 60 sessions, 58 of them recorded: 72\.5 % of the 80 recorded sessions are sessions the authors' own policies picked\./);
  });

  it('says "within noise" when the data say so, and compares the window rule when it exists', () => {
    const md = buildReport(input({ randomSeed2Running: false, alkdrecLikeRandom: true, window: true }), 'cmd').markdown;
    assert.match(md, /ALKDRec is level with random in R@10 over 2 seeds .*the difference is within noise \(p = 1\.000 ≥ 0\.05\)/);
    assert.match(md, /\| movielens-hetrec2011 · fpmc \| alkdrec \| \.10000 ± \.00000 \| \.25000 ± \.00000 \| \+\.15000 \|/);
  });

  it('draws each figure as SVG with its series', () => {
    const report = buildReport(input({ randomSeed2Running: true }), 'cmd');
    const files = new Map(report.figures.map((f) => [f.file, f.svg]));
    assert.deepEqual([...files.keys()].sort(), ['tiny-budget-curve.svg', 'tiny-cost.svg', 'tiny-p-star.svg', 'tiny-r10.svg', 'tiny-selection-anatomy.svg']);
    for (const [file, svg] of files) {
      assert.match(svg, /^<\?xml[^>]*>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, file);
      assert.ok(svg.trimEnd().endsWith('</svg>'), file);
      assert.match(svg, /<title>[^<]+<\/title>/, file);
      assert.equal(svg.includes('NaN'), false, `${file} has NaN`);
    }
    const bars = files.get('tiny-r10.svg')!;
    for (const v of ['student', 'alkdrec', 'random', 'paper']) assert.match(bars, new RegExp(`data-series="${v}"`));
    assert.match(files.get('tiny-budget-curve.svg')!, /<polyline[^>]*data-series="alkdrec"/);
    assert.match(files.get('tiny-budget-curve.svg')!, /data-series="random" data-x="5"/);
    const anatomy = files.get('tiny-selection-anatomy.svg')!;
    for (const kind of ['effective', 'similar', 'incorrect', 'no answer']) assert.match(anatomy, new RegExp(`data-series="${kind}"`));
    assert.equal((files.get('tiny-p-star.svg')!.match(/data-series="drawn"/g) ?? []).length, 10);
    assert.match(files.get('tiny-cost.svg')!, /data-series="alkdrec" data-x="0\.172"/);
  });

  it('repeats its bytes for the same input', () => {
    const a = buildReport(input({ randomSeed2Running: true }), 'cmd');
    const b = buildReport(input({ randomSeed2Running: true }), 'cmd');
    assert.equal(a.markdown, b.markdown);
    assert.deepEqual(a.figures, b.figures);
  });
});
