import type { ExperimentVariant } from '@alkdrec/contracts';
import { compareVariants, summarise, variantSeeds, type Comparison } from '../model/aggregate';
import type { Panel, ReportInput } from '../model/report-input';
import { paperNumbers } from '../paper/paper-numbers';
import { delta, metric, pValue, spread, table } from './format';

function versus(c: Comparison | null, which: 'recall10' | 'ndcg10'): string {
  if (!c) return '—';
  return which === 'recall10' ? `${delta(c.deltaRecall10)} (${pValue(c.recall10.p)})` : `${delta(c.deltaNdcg10)} (${pValue(c.ndcg10.p)})`;
}

/**
 * A dataset × backbone's table: each variant's mean ± sd over seeds, its paired tests against the
 * student and against ALKDRec (when the grid has them), and the paper's R@10 / N@10.
 */
export function panelTable(input: ReportInput, panel: Panel): string {
  const seeds = new Map(input.grid.variants.map((v) => [v, variantSeeds(input, panel, v)] as const));
  const baselines = (['student', 'alkdrec'] as const).filter((v) => input.grid.variants.includes(v));
  const header = ['variant', 'R@5', 'N@5', 'R@10', 'N@10', 'seeds', ...baselines.flatMap((b) => [`vs ${b} ΔR@10`, `vs ${b} ΔN@10`]), 'paper R@10 / N@10'];
  const rows = input.grid.variants.map((variant: ExperimentVariant) => {
    const mine = seeds.get(variant)!;
    const s = summarise(mine);
    const tests = baselines.flatMap((b) => {
      if (b === variant) return ['·', '·'];
      const c = compareVariants(mine, seeds.get(b)!);
      return [versus(c, 'recall10'), versus(c, 'ndcg10')];
    });
    const paper = paperNumbers(panel.dataset, panel.backbone, variant);
    return [variant, spread(s?.recall5), spread(s?.ndcg5), spread(s?.recall10), spread(s?.ndcg10), String(s?.n ?? 0), ...tests, paper ? `${metric(paper.recall10)} / ${metric(paper.ndcg10)}` : '—'];
  });
  return table(header, rows);
}

/** Whether ALKDRec's R@10 lead over random is beyond noise, said from the test (p < 0.05). */
export function leadSentence(input: ReportInput, panel: Panel, alpha = 0.05): string {
  const name = `${panel.dataset} · ${panel.backbone}`;
  if (!input.grid.variants.includes('alkdrec') || !input.grid.variants.includes('random')) return `${name}: the grid has no ALKDRec–random pair to compare.`;
  const alkdrec = variantSeeds(input, panel, 'alkdrec');
  const random = variantSeeds(input, panel, 'random');
  const c = compareVariants(alkdrec, random);
  if (!c) return `${name}: ALKDRec against random cannot be tested yet (${alkdrec.bySeed.size} ALKDRec and ${random.bySeed.size} random seeds evaluated, none shared).`;
  const sign = c.deltaRecall10 > 0 ? 'ahead of' : c.deltaRecall10 < 0 ? 'behind' : 'level with';
  const by = c.deltaRecall10 === 0 ? '' : ` by ${metric(Math.abs(c.deltaRecall10))}`;
  const verdict =
    c.recall10.p < alpha
      ? c.deltaRecall10 > 0
        ? `ALKDRec's lead over random is beyond noise (${pValue(c.recall10.p)} < ${alpha})`
        : `random's lead over ALKDRec is beyond noise (${pValue(c.recall10.p)} < ${alpha})`
      : `the difference is within noise (${pValue(c.recall10.p)} ≥ ${alpha})`;
  const ndcg = `N@10 ${delta(c.deltaNdcg10)}, sign-flip ${pValue(c.ndcg10.p)}`;
  return `${name}: ALKDRec is ${sign} random${by} in R@10 over ${c.seeds} seed${c.seeds === 1 ? '' : 's'} (test sessions only ALKDRec hits: ${c.recall10.aOnly}, only random: ${c.recall10.bOnly}; ${ndcg}): ${verdict}.`;
}
