import { readFileSync } from 'node:fs';
import { BUILT_IN_GRIDS, ExperimentGrid, type Backbone } from '@alkdrec/contracts';
import { CliError, ExitCode, UsageError } from '../cli-error';

/** Where a grid comes from: a built-in name (`paper`, `quick`) or a JSON file. */
export type GridSource = { kind: 'built-in'; name: keyof typeof BUILT_IN_GRIDS } | { kind: 'file'; path: string };

export function gridSourceOf(value: string): GridSource {
  return Object.hasOwn(BUILT_IN_GRIDS, value) ? { kind: 'built-in', name: value as keyof typeof BUILT_IN_GRIDS } : { kind: 'file', path: value };
}

/**
 * The grid, validated: a built-in one as defined in contracts, or a file's JSON checked with the
 * same contract — a bad file is a bad-input error naming the file and every bad field.
 */
export function resolveGrid(source: GridSource): ExperimentGrid {
  if (source.kind === 'built-in') return ExperimentGrid.parse(BUILT_IN_GRIDS[source.name]);
  let text: string;
  try {
    text = readFileSync(source.path, 'utf8');
  } catch (error) {
    throw new CliError(`${source.path}: cannot read the grid file (${(error as Error).message}); built-in grids: ${Object.keys(BUILT_IN_GRIDS).join(', ')}`, ExitCode.BadInput);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${source.path}: not JSON (${(error as Error).message})`, ExitCode.BadInput);
  }
  const parsed = ExperimentGrid.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${source.path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CliError(problems.join('\n'), ExitCode.BadInput);
  }
  return parsed.data;
}

/** Optional narrowing on the command line: only these datasets, backbones or seeds of the grid. */
export interface GridNarrowing {
  datasets?: string[];
  backbones?: Backbone[];
  seeds?: number[];
}

/**
 * The part of the grid the narrowing keeps (the budget curve and window cells with it). Naming
 * something the grid does not have is a usage error: it would silently run nothing.
 */
export function narrowGrid(grid: ExperimentGrid, narrowing: GridNarrowing): ExperimentGrid {
  const keep = <T>(flag: string, all: readonly T[], only: readonly T[] | undefined): T[] => {
    if (!only) return [...all];
    const unknown = only.filter((value) => !all.includes(value));
    if (unknown.length > 0) throw new UsageError(`${flag}: the grid "${grid.name}" has no ${unknown.join(', ')} (it has ${all.join(', ')})`);
    return all.filter((value) => only.includes(value));
  };
  const datasets = keep('--datasets', grid.datasets, narrowing.datasets);
  const backbones = keep('--backbones', grid.backbones, narrowing.backbones);
  const seeds = keep('--seeds', grid.seeds, narrowing.seeds);
  const curve = grid.budgetCurve && {
    ...grid.budgetCurve,
    datasets: grid.budgetCurve.datasets.filter((d) => datasets.includes(d)),
    backbones: grid.budgetCurve.backbones.filter((b) => backbones.includes(b)),
  };
  return {
    ...grid,
    datasets,
    backbones,
    seeds,
    budgetCurve: curve && curve.datasets.length > 0 && curve.backbones.length > 0 ? curve : undefined,
    windowExclusion: grid.windowExclusion.filter((c) => datasets.includes(c.dataset) && backbones.includes(c.backbone)),
  };
}
