import type { ExperimentCell } from '@alkdrec/contracts';
import type { CellData, ReportInput } from '../model/report-input';
import { table } from './format';

/** "done/total", where done = run SUCCEEDED and its model evaluated; failures and running runs noted. */
function coverageCell(cells: readonly CellData[]): string {
  if (cells.length === 0) return '·';
  const done = cells.filter((c) => c.runStatus === 'SUCCEEDED' && c.evaluation).length;
  const failed = cells.filter((c) => c.runStatus === 'FAILED' || c.runStatus === 'CANCELLED').length;
  const running = cells.filter((c) => c.runStatus === 'RUNNING').length;
  const notes = [failed > 0 ? `${failed} failed` : '', running > 0 ? `${running} running` : ''].filter(Boolean);
  return `${done}/${cells.length}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

const key = (c: ExperimentCell) => `${c.dataset}\u0000${c.backbone}`;

/** The main table's cells done per dataset × backbone × variant, then the budget curve's per budget. */
export function coverageTables(input: ReportInput): string {
  const main = input.cells.filter((c) => !c.cell.curve);
  const rows = input.grid.datasets.flatMap((dataset) =>
    input.grid.backbones.map((backbone) => {
      const here = main.filter((c) => key(c.cell) === `${dataset}\u0000${backbone}`);
      return [dataset, backbone, ...input.grid.variants.map((v) => coverageCell(here.filter((c) => c.cell.variant === v)))];
    }),
  );
  const done = main.filter((c) => c.runStatus === 'SUCCEEDED' && c.evaluation).length;
  const parts = [`Main table: ${done} of ${main.length} cells done (run SUCCEEDED and its model evaluated on the test split).`, '', table(['dataset', 'backbone', ...input.grid.variants], rows)];
  const curve = input.grid.budgetCurve;
  if (curve) {
    const curveCells = input.cells.filter((c) => c.cell.curve);
    const budgets = [...new Set(curveCells.map((c) => c.cell.budget ?? 0))].sort((a, b) => a - b);
    const curveRows = curve.datasets.flatMap((dataset) =>
      curve.backbones.flatMap((backbone) =>
        curve.strategies.map((strategy) => [dataset, backbone, strategy, ...budgets.map((b) => coverageCell(curveCells.filter((c) => c.cell.dataset === dataset && c.cell.backbone === backbone && c.cell.variant === strategy && c.cell.budget === b)))]),
      ),
    );
    const curveDone = curveCells.filter((c) => c.runStatus === 'SUCCEEDED' && c.evaluation).length;
    parts.push('', `Budget curve (its extra budgets; the main budget is in the table above): ${curveDone} of ${curveCells.length} cells done.`, '', table(['dataset', 'backbone', 'strategy', ...budgets.map((b) => `|B| = ${b}`)], curveRows));
  }
  return parts.join('\n');
}
