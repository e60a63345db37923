import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { experimentRuns } from '@alkdrec/contracts';
import { CliError, ExitCode, UsageError } from '../cli-error';
import { gridSourceOf, narrowGrid, resolveGrid } from './resolve-grid';

function gridFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'alkdrec-grid-')), 'grid.json');
  writeFileSync(path, content);
  return path;
}

describe('resolveGrid', () => {
  it('knows the built-in grids by name and takes anything else as a file', () => {
    assert.deepEqual(gridSourceOf('paper'), { kind: 'built-in', name: 'paper' });
    assert.deepEqual(gridSourceOf('grids/mine.json'), { kind: 'file', path: 'grids/mine.json' });
    assert.equal(resolveGrid(gridSourceOf('quick')).maxSteps, 40);
  });

  it('reads a grid file with the defaults filled', () => {
    const path = gridFile(JSON.stringify({ name: 'mine', datasets: ['shop'], backbones: ['stamp'], variants: ['student', 'random'], seeds: [7] }));
    const grid = resolveGrid({ kind: 'file', path });
    assert.equal(grid.budget, 500);
    assert.equal(grid.provider, 'replay');
    assert.deepEqual(experimentRuns(grid).map((r) => `${r.dataset}.${r.strategy}.s${r.seed}`), ['shop.random.s7']);
  });

  it('names the file and every bad field of a bad grid file (bad input, exit 3)', () => {
    const path = gridFile(JSON.stringify({ name: 'Mine', datasets: [], backbones: ['fpmc'], variants: ['student', 'tr'], seeds: [1], budget: 0 }));
    assert.throws(
      () => resolveGrid({ kind: 'file', path }),
      (error: unknown) =>
        error instanceof CliError &&
        error.exitCode === ExitCode.BadInput &&
        error.message.includes(`${path}: name: `) &&
        error.message.includes(`${path}: datasets: `) &&
        error.message.includes(`${path}: budget: `),
    );
    assert.throws(() => resolveGrid({ kind: 'file', path: gridFile('{ nope') }), /grid\.json: not JSON/);
    assert.throws(() => resolveGrid({ kind: 'file', path: '/nonexistent/grid.json' }), /\/nonexistent\/grid\.json: cannot read the grid file/);
  });
});

describe('narrowGrid', () => {
  it('keeps the named part of the grid, its budget curve and window cells with it', () => {
    const paper = resolveGrid(gridSourceOf('paper'));
    const narrowed = narrowGrid(paper, { datasets: ['amazon-games'], backbones: ['fpmc', 'stamp'], seeds: [1, 2] });
    assert.deepEqual(narrowed.datasets, ['amazon-games']);
    assert.deepEqual(narrowed.budgetCurve?.datasets, ['amazon-games']);
    assert.deepEqual(narrowed.windowExclusion, []);
    const runs = experimentRuns(narrowed);
    assert.equal(runs.length, 2 * 6 * 2 + 2 * 4 * 2);
    assert.ok(runs.every((r) => r.dataset === 'amazon-games' && r.backbone !== 'attmix' && r.seed <= 2));
    assert.equal(narrowGrid(paper, { backbones: ['stamp'] }).budgetCurve, undefined);
  });

  it('refuses to narrow to something the grid does not have', () => {
    const quick = resolveGrid(gridSourceOf('quick'));
    assert.throws(() => narrowGrid(quick, { seeds: [9] }), (e: unknown) => e instanceof UsageError && /--seeds: the grid "quick" has no 9/.test(e.message));
  });
});
