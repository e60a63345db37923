import type { ExperimentVariant } from '@alkdrec/contracts';
import { hitAt, ndcgAt, signFlipTest, spreadOf, stratifiedMcNemar, type McNemarResult, type SignFlipResult, type Spread } from '../statistics';
import type { CellData, EvaluationData, Panel, ReportInput } from './report-input';

/** A variant's evaluated seeds in one dataset × backbone (main table cells only). */
export interface VariantSeeds {
  variant: ExperimentVariant;
  /** Seed → its evaluation, for the seeds whose run succeeded and whose model was evaluated. */
  bySeed: ReadonlyMap<number, EvaluationData>;
}

export interface VariantSummary {
  n: number;
  recall5: Spread;
  ndcg5: Spread;
  recall10: Spread;
  ndcg10: Spread;
}

/** A variant A against a variant B over the seeds both have: Δ = A − B, pooled over seeds. */
export interface Comparison {
  seeds: number;
  deltaRecall10: number;
  recall10: McNemarResult;
  deltaNdcg10: number;
  ndcg10: SignFlipResult;
}

/** Draws of every sign-flip test: 10,000 keeps the p's Monte Carlo error near ±0.002 at p = 0.05). */
export const SIGN_FLIP_DRAWS = 10_000;

/** The evaluated main-table cells of a panel's variant; a cell counts once its run SUCCEEDED and its model is evaluated. */
export function variantSeeds(input: ReportInput, panel: Panel, variant: ExperimentVariant, rule: 'session' | 'window' = 'session'): VariantSeeds {
  const bySeed = new Map<number, EvaluationData>();
  for (const data of input.cells) {
    const { cell } = data;
    if (cell.curve || cell.dataset !== panel.dataset || cell.backbone !== panel.backbone || cell.variant !== variant) continue;
    const evaluation = rule === 'session' ? data.evaluation : data.windowEvaluation;
    if (data.runStatus === 'SUCCEEDED' && evaluation) bySeed.set(cell.seed, evaluation);
  }
  return { variant, bySeed };
}

export function summarise(seeds: VariantSeeds): VariantSummary | null {
  const evaluations = [...seeds.bySeed.values()];
  if (evaluations.length === 0) return null;
  const of = (key: keyof EvaluationData['metrics']) => spreadOf(evaluations.map((e) => e.metrics[key]));
  return { n: evaluations.length, recall5: of('recall5'), ndcg5: of('ndcg5'), recall10: of('recall10'), ndcg10: of('ndcg10') };
}

/**
 * A against B on the seeds both have, each seed a stratum of paired test sessions: stratified
 * McNemar on hits@10, stratified sign flips on NDCG@10. Null when no seed is shared, or when a
 * seed's two evaluations do not cover the same number of sessions (not comparable).
 */
export function compareVariants(a: VariantSeeds, b: VariantSeeds, seed = 1): Comparison | null {
  const shared = [...a.bySeed.keys()].filter((s) => b.bySeed.has(s)).sort((x, y) => x - y);
  if (shared.length === 0) return null;
  const hits: { a: boolean[]; b: boolean[] }[] = [];
  const ndcg: number[][] = [];
  let sessions = 0;
  let hitDelta = 0;
  let ndcgDelta = 0;
  for (const s of shared) {
    const ra = a.bySeed.get(s)!.ranks;
    const rb = b.bySeed.get(s)!.ranks;
    if (ra.length !== rb.length || ra.length === 0) return null;
    const ha = ra.map((r) => hitAt(r, 10));
    const hb = rb.map((r) => hitAt(r, 10));
    const d = ra.map((r, i) => ndcgAt(r, 10) - ndcgAt(rb[i]!, 10));
    hits.push({ a: ha, b: hb });
    ndcg.push(d);
    sessions += ra.length;
    hitDelta += ha.filter(Boolean).length - hb.filter(Boolean).length;
    ndcgDelta += d.reduce((x, y) => x + y, 0);
  }
  return {
    seeds: shared.length,
    deltaRecall10: hitDelta / sessions,
    recall10: stratifiedMcNemar(hits),
    deltaNdcg10: ndcgDelta / sessions,
    ndcg10: signFlipTest(ndcg, { draws: SIGN_FLIP_DRAWS, seed }),
  };
}

/** The dataset × backbone panels of the grid's main table, in the grid's order. */
export function panelsOf(input: ReportInput): Panel[] {
  return input.grid.datasets.flatMap((dataset) => input.grid.backbones.map((backbone) => ({ dataset, backbone })));
}

export function cellsOfPanel(input: ReportInput, panel: Panel): CellData[] {
  return input.cells.filter((c) => c.cell.dataset === panel.dataset && c.cell.backbone === panel.backbone);
}
