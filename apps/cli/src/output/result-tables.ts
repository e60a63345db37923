import type { DistillResult, EvalExclusion, EvaluateResult, Metrics, PredictResult, TrainResult } from '@alkdrec/contracts';
import { formatDuration } from './format-duration';
import { keyValueLines, textTable } from '@alkdrec/text-table';

/** Metrics to five decimals, like the paper's tables. */
export function formatMetric(value: number): string {
  return value.toFixed(5);
}

export function metricsTable(rows: readonly { label: string; metrics: Metrics }[]): string {
  return textTable([
    ['', 'R@5', 'N@5', 'R@10', 'N@10'],
    ...rows.map(({ label, metrics: m }) => [label, ...[m.recall5, m.ndcg5, m.recall10, m.ndcg10].map(formatMetric)]),
  ]);
}

export function formatTrainResult(result: TrainResult): string {
  return [
    keyValueLines([
      ['model', result.modelId],
      ['steps', `${result.steps} (best at step ${result.bestStep}, valid recall ${formatMetric(result.bestValidRecall)})`],
      ['wall time', formatDuration(result.wallMs)],
      ['backend', result.backend],
      ['reused', result.reused ? 'yes (an identical model was already trained)' : 'no'],
    ]),
    '',
    metricsTable([{ label: 'test', metrics: result.test }]),
  ].join('\n');
}

export function formatDistillResult(result: DistillResult): string {
  return [
    keyValueLines([
      ['model', result.modelId],
      ['student', result.studentModelId],
      ['pairs', `${result.pairs} (session, item) pairs after weighting`],
      ['steps', `${result.steps} (best at step ${result.bestStep}, valid recall@50 ${formatMetric(result.bestValidRecall)})`],
      ['wall time', formatDuration(result.wallMs)],
      ['reused', result.reused ? 'yes (an identical distillation was already done)' : 'no'],
    ]),
    '',
    metricsTable([{ label: 'test', metrics: result.test }]),
  ].join('\n');
}

/** What each rule leaves out of the ranking, as the evaluate command prints it (docs/metrics.md). */
const EXCLUSION_WORDS: Record<EvalExclusion, string> = {
  session: "every item of the session (--exclusion session)",
  window: "the model's 10-item input window only (--exclusion window, the authors' rule)",
};

export function formatEvaluateResult(result: EvaluateResult): string {
  return [
    keyValueLines([
      ['model', result.modelId],
      ['split', `${result.split} (${result.sessionCount} sessions)`],
      ['excluded', EXCLUSION_WORDS[result.exclusion]],
      ['wall time', formatDuration(result.wallMs)],
    ]),
    '',
    metricsTable([{ label: result.split, metrics: result.metrics }]),
  ].join('\n');
}

export function formatPredictResult(result: PredictResult): string {
  return keyValueLines([
    ['model', result.modelId],
    ['sessions', String(result.sessionCount)],
    ['difficulty', result.withDifficulty ? 'stored (teacher)' : 'not computed (student)'],
    ['wall time', formatDuration(result.wallMs)],
  ]);
}
