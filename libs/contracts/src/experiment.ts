import { z } from 'zod';
import { Backbone, DatasetName } from './domain';
import { RunProvider, RunSpec, RunStrategy, runIdOf } from './run-jobs';

/**
 * What a cell of the paper's tables reports: the plain student, the teacher, or a student distilled
 * with one of Table 2's strategies. The one list the experiment grid and its report derive from.
 */
export const ExperimentVariant = z.enum(['student', 'teacher', ...RunStrategy.options]);
export type ExperimentVariant = z.infer<typeof ExperimentVariant>;

/** Which of a run's three models a variant reads. */
export type VariantModel = 'student' | 'teacher' | 'distilled';

export function modelOfVariant(variant: ExperimentVariant): VariantModel {
  return variant === 'student' || variant === 'teacher' ? variant : 'distilled';
}

const Seed = z.number().int().min(0).max(2 ** 31 - 1);
const Budget = z.number().int().min(1).max(20_000);
const Cell = z.object({ dataset: DatasetName, backbone: Backbone });

/**
 * An experiment: datasets × backbones × variants × seeds, each a run (RunSpec) whose id is derived
 * from it — so running a grid again resumes it: finished runs are reused, failed ones resumed.
 */
export const ExperimentGrid = z
  .object({
    /** Names the experiment in its report. */
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_" or "-"'),
    datasets: z.array(DatasetName).min(1),
    backbones: z.array(Backbone).min(1),
    variants: z.array(ExperimentVariant).min(1),
    seeds: z.array(Seed).min(1),
    provider: RunProvider.default('replay'),
    /** |B| of every run unless a budget override names its dataset and backbone. */
    budget: Budget.default(500),
    budgetOverrides: z.array(Cell.extend({ budget: Budget })).default([]),
    /**
     * The paper's Figure 4: these strategies again at other budgets, for these datasets × backbones
     * (all the grid's seeds). The grid's own budget is one point of the curve and is not repeated.
     */
    budgetCurve: z
      .object({
        datasets: z.array(DatasetName).min(1),
        backbones: z.array(Backbone).min(1),
        strategies: z.array(RunStrategy.exclude(['tr'])).min(1),
        budgets: z.array(Budget).min(1),
      })
      .optional(),
    /** Cells whose models are also evaluated with the authors' `window` exclusion rule. */
    windowExclusion: z.array(Cell).default([]),
    /** Caps every training's steps (smoke grids only; part of every run and model id). */
    maxSteps: z.number().int().min(1).max(1_000_000).optional(),
  })
  .superRefine((grid, ctx) => {
    if (!grid.variants.some((v) => modelOfVariant(v) === 'distilled')) {
      ctx.addIssue({ code: 'custom', path: ['variants'], message: `name at least one strategy (${RunStrategy.options.join(', ')}): the student and the teacher come from its runs` });
    }
    for (const [key, list] of [['datasets', grid.datasets], ['backbones', grid.backbones], ['variants', grid.variants], ['seeds', grid.seeds]] as const) {
      const seen = new Set<unknown>();
      list.forEach((value, index) => {
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [key, index], message: `${String(value)} is named twice` });
        seen.add(value);
      });
    }
  });
export type ExperimentGrid = z.infer<typeof ExperimentGrid>;
export type ExperimentGridInput = z.input<typeof ExperimentGrid>;

/** The paper's Tables 1–2 (and Figure 4 for FPMC): the replayed GPT-4 answers, five seeds. */
export const PAPER_GRID: ExperimentGridInput = {
  name: 'paper',
  datasets: ['movielens-hetrec2011', 'amazon-games'],
  backbones: ['fpmc', 'stamp', 'attmix'],
  variants: ExperimentVariant.options,
  seeds: [1, 2, 3, 4, 5],
  provider: 'replay',
  budget: 500,
  budgetOverrides: [{ dataset: 'amazon-games', backbone: 'fpmc', budget: 750 }],
  budgetCurve: { datasets: ['movielens-hetrec2011', 'amazon-games'], backbones: ['fpmc'], strategies: ['alkdrec', 'random'], budgets: [100, 250, 500, 750, 1000] },
  windowExclusion: [{ dataset: 'movielens-hetrec2011', backbone: 'fpmc' }],
};

/**
 * Every path of the paper grid — both datasets, the three backbones, every variant, two seeds (so
 * spreads exist), a budget curve, the window rule — with trainings capped at 40 steps: a smoke test
 * of the machinery whose numbers mean nothing.
 */
export const QUICK_GRID: ExperimentGridInput = {
  name: 'quick',
  datasets: ['movielens-hetrec2011', 'amazon-games'],
  backbones: ['fpmc', 'stamp', 'attmix'],
  variants: ExperimentVariant.options,
  seeds: [1, 2],
  provider: 'replay',
  budget: 50,
  budgetCurve: { datasets: ['movielens-hetrec2011'], backbones: ['fpmc'], strategies: ['alkdrec', 'random'], budgets: [25, 50, 100] },
  windowExclusion: [{ dataset: 'movielens-hetrec2011', backbone: 'fpmc' }],
  maxSteps: 40,
};

/** The built-in grids by name (`alkdrec experiment --grid <name>`). */
export const BUILT_IN_GRIDS = { paper: PAPER_GRID, quick: QUICK_GRID } as const satisfies Record<string, ExperimentGridInput>;
export type BuiltInGridName = keyof typeof BUILT_IN_GRIDS;

/** One number of the report: a variant of a dataset × backbone at a seed (and budget), and the run that holds it. */
export interface ExperimentCell {
  dataset: string;
  backbone: Backbone;
  variant: ExperimentVariant;
  seed: number;
  /** The run's |B| (null for student, teacher and tr, which ask no LLM of their own). */
  budget: number | null;
  /** Whether this cell is one of the budget curve's extra points rather than the main table. */
  curve: boolean;
  runId: string;
  model: VariantModel;
}

export function budgetOf(grid: ExperimentGrid, dataset: string, backbone: Backbone): number {
  return grid.budgetOverrides.find((o) => o.dataset === dataset && o.backbone === backbone)?.budget ?? grid.budget;
}

/**
 * The grid's runs, in the order they should be submitted: seed by seed (so a first complete seed
 * is there early), then dataset, backbone and strategy; the budget curve's extra runs last. The
 * student and teacher variants need no run of their own: they are read from the first strategy run
 * of their seed, which trains (or reuses) both.
 */
export function experimentRuns(grid: ExperimentGrid): RunSpec[] {
  const strategies = strategiesOf(grid);
  const specs: RunSpec[] = [];
  const add = (dataset: string, backbone: Backbone, strategy: RunStrategy, seed: number, budget: number) => specs.push(runSpecOf(grid, dataset, backbone, strategy, seed, budget));
  for (const seed of grid.seeds)
    for (const dataset of grid.datasets)
      for (const backbone of grid.backbones) for (const strategy of strategies) add(dataset, backbone, strategy, seed, budgetOf(grid, dataset, backbone));
  for (const point of curvePoints(grid)) add(point.dataset, point.backbone, point.strategy, point.seed, point.budget);
  const seen = new Set<string>();
  return specs.filter((spec) => {
    const id = runIdOf(spec);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** The grid's strategies (its variants that are distilled students), in the grid's order. */
function strategiesOf(grid: ExperimentGrid): RunStrategy[] {
  return grid.variants.filter((v): v is RunStrategy => modelOfVariant(v) === 'distilled');
}

/** One run of the grid: the cell's spec with the grid's provider and step cap. */
function runSpecOf(grid: ExperimentGrid, dataset: string, backbone: Backbone, strategy: RunStrategy, seed: number, budget: number): RunSpec {
  return RunSpec.parse({ dataset, backbone, strategy, seed, budget, provider: grid.provider, ...(grid.maxSteps === undefined ? {} : { maxSteps: grid.maxSteps }) });
}

interface CurvePoint {
  dataset: string;
  backbone: Backbone;
  strategy: RunStrategy;
  seed: number;
  budget: number;
}

function curvePoints(grid: ExperimentGrid): CurvePoint[] {
  const curve = grid.budgetCurve;
  if (!curve) return [];
  const points: CurvePoint[] = [];
  for (const seed of grid.seeds)
    for (const dataset of curve.datasets)
      for (const backbone of curve.backbones)
        for (const strategy of curve.strategies)
          for (const budget of curve.budgets) {
            if (budget !== budgetOf(grid, dataset, backbone) || !grid.variants.includes(strategy)) points.push({ dataset, backbone, strategy, seed, budget });
          }
  return points;
}

/** Every number the grid's report shows, with the run and model it comes from. */
export function experimentCells(grid: ExperimentGrid): ExperimentCell[] {
  const strategies = strategiesOf(grid);
  const cells: ExperimentCell[] = [];
  const spec = (dataset: string, backbone: Backbone, strategy: RunStrategy, seed: number, budget: number) => runSpecOf(grid, dataset, backbone, strategy, seed, budget);
  for (const seed of grid.seeds)
    for (const dataset of grid.datasets)
      for (const backbone of grid.backbones) {
        const budget = budgetOf(grid, dataset, backbone);
        const base = runIdOf(spec(dataset, backbone, strategies[0]!, seed, budget));
        for (const variant of grid.variants) {
          const model = modelOfVariant(variant);
          const asks = model === 'distilled' && variant !== 'tr';
          const runId = model === 'distilled' ? runIdOf(spec(dataset, backbone, variant as RunStrategy, seed, budget)) : base;
          cells.push({ dataset, backbone, variant, seed, budget: asks ? budget : null, curve: false, runId, model });
        }
      }
  for (const p of curvePoints(grid)) {
    cells.push({ dataset: p.dataset, backbone: p.backbone, variant: p.strategy, seed: p.seed, budget: p.budget, curve: true, runId: runIdOf(spec(p.dataset, p.backbone, p.strategy, p.seed, p.budget)), model: 'distilled' });
  }
  return cells;
}
