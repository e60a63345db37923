import { runIdOf, type ExperimentGrid, type RunSpec, type RunState } from '@alkdrec/contracts';
import { textTable } from '@alkdrec/text-table';

/** What an experiment invocation leaves: its runs by dataset × backbone, and those that did not succeed. */
export interface ExperimentSummary {
  grid: string;
  runs: number;
  succeeded: number;
  cells: { dataset: string; backbone: string; succeeded: number; runs: number }[];
  failed: { runId: string; state: RunState | 'not submitted'; error: string }[];
}

export function summariseExperiment(
  grid: ExperimentGrid,
  specs: readonly RunSpec[],
  states: ReadonlyMap<string, RunState | undefined>,
  errors: ReadonlyMap<string, string>,
): ExperimentSummary {
  const cells = new Map<string, ExperimentSummary['cells'][number]>();
  const failed: ExperimentSummary['failed'] = [];
  let succeeded = 0;
  for (const spec of specs) {
    const id = runIdOf(spec);
    const key = `${spec.dataset}\u0000${spec.backbone}`;
    const cell = cells.get(key) ?? { dataset: spec.dataset, backbone: spec.backbone, succeeded: 0, runs: 0 };
    cells.set(key, cell);
    cell.runs++;
    const state = states.get(id);
    if (state === 'SUCCEEDED') {
      cell.succeeded++;
      succeeded++;
    } else {
      failed.push({ runId: id, state: state ?? 'not submitted', error: errors.get(id) ?? (state === 'RUNNING' ? 'still running (left to the services)' : '') });
    }
  }
  return { grid: grid.name, runs: specs.length, succeeded, cells: [...cells.values()], failed };
}

/** `gridArgument`: the --grid the user gave (a built-in name or a file), for the report's command line. */
export function formatExperimentSummary(summary: ExperimentSummary, gridArgument: string): string {
  const table = textTable(
    [['dataset', 'backbone', 'runs succeeded'], ...summary.cells.map((c) => [c.dataset, c.backbone, `${c.succeeded} / ${c.runs}`])],
    { ruleUnderHeader: true, leftAligned: [1] },
  );
  const failed = summary.failed.map((f) => `  ${f.runId}: ${f.state.toLowerCase()}${f.error ? ` — ${f.error}` : ''}`);
  return [
    `experiment ${summary.grid}: ${summary.succeeded} of ${summary.runs} runs succeeded`,
    table,
    ...(failed.length > 0 ? ['not succeeded:', ...failed] : []),
    `the report: alkdrec report --grid ${gridArgument}`,
  ].join('\n');
}
