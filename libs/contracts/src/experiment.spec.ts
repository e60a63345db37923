import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ExperimentGrid, experimentCells, experimentRuns, PAPER_GRID, QUICK_GRID } from './experiment';
import { runIdOf } from './run-jobs';

describe('experiment grids', () => {
  it('expands the paper grid into its runs: 2 datasets × 3 backbones × 6 strategies × 5 seeds, then the budget curve', () => {
    const grid = ExperimentGrid.parse(PAPER_GRID);
    const runs = experimentRuns(grid);
    const main = 2 * 3 * 6 * 5;
    // Curve: 2 datasets × fpmc × {alkdrec, random} × 5 budgets × 5 seeds, less the grid's own budget (500 on ML, 750 on Games).
    assert.equal(runs.length, main + 2 * 2 * 4 * 5);
    assert.equal(new Set(runs.map(runIdOf)).size, runs.length);
    assert.deepEqual(runs.slice(0, 6).map((r) => [r.seed, r.dataset, r.backbone]), Array(6).fill([1, 'movielens-hetrec2011', 'fpmc']));
    const gamesFpmc = runs.find((r) => r.dataset === 'amazon-games' && r.backbone === 'fpmc' && r.strategy === 'alkdrec' && r.seed === 1);
    assert.equal(gamesFpmc?.budget, 750);
    assert.equal(runs.find((r) => r.dataset === 'amazon-games' && r.backbone === 'stamp')?.budget, 500);
  });

  it('reads student and teacher from the first strategy run of their seed, and every cell names an expanded run', () => {
    const grid = ExperimentGrid.parse(PAPER_GRID);
    const ids = new Set(experimentRuns(grid).map(runIdOf));
    const cells = experimentCells(grid);
    assert.equal(cells.filter((c) => !c.curve).length, 2 * 3 * 8 * 5);
    for (const cell of cells) assert.ok(ids.has(cell.runId), cell.runId);
    const student = cells.find((c) => c.variant === 'student' && c.seed === 2 && c.backbone === 'stamp');
    assert.equal(student?.runId, 'movielens-hetrec2011.stamp.alkdrec.replay.b500.s2');
    assert.equal(student?.model, 'student');
    assert.equal(student?.budget, null);
  });

  it('caps the quick grid and keeps its curve apart from the main table', () => {
    const grid = ExperimentGrid.parse(QUICK_GRID);
    const runs = experimentRuns(grid);
    assert.ok(runs.every((r) => r.maxSteps === 40));
    const curve = experimentCells(grid).filter((c) => c.curve);
    assert.deepEqual([...new Set(curve.map((c) => c.budget))].sort((a, b) => a! - b!), [25, 100]);
  });

  it('refuses a grid without a strategy, and names repeated entries', () => {
    const result = ExperimentGrid.safeParse({ name: 'x', datasets: ['a'], backbones: ['fpmc'], variants: ['student'], seeds: [1, 1] });
    assert.equal(result.success, false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    assert.ok(messages.some((m) => m.startsWith('variants: name at least one strategy')), messages.join('\n'));
    assert.ok(messages.includes('seeds.1: 1 is named twice'), messages.join('\n'));
  });
});
