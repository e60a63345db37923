import type { ModelCurve, RunCurves } from '@alkdrec/contracts';
import { useMemo } from 'preact/hooks';
import { useApi } from '../api/use-api';
import { LineChart, type ChartSeries } from '../charts/line-chart';
import { ProblemView } from '../components/problem-view';
import { metric } from '../format';

const LOOKS = {
  teacher: { dash: undefined, shade: 0 },
  student: { dash: [6, 4], shade: 0.35 },
  distilled: { dash: [2, 3], shade: 0.55 },
} as const;

/** Validation recall@10 per check for teacher, student and distillation (re-read when a stage finishes: `version`). */
export function LearningCurves({ runId, version }: { runId: string; version: number }) {
  const curves = useApi<RunCurves>(`/v1/runs/${encodeURIComponent(runId)}/curves`, version);
  const models = useMemo(
    () => (curves.data ? (['teacher', 'student', 'distilled'] as const).map((name) => [name, curves.data?.[name] ?? null] as const) : []),
    [curves.data],
  );
  const series = useMemo<ChartSeries[]>(
    () =>
      models.flatMap(([name, curve]) =>
        curve && curve.checks.length > 0 ? [{ label: name, points: curve.checks.map((c) => [c.step, c.recall] as const), ...LOOKS[name] }] : [],
      ),
    [models],
  );
  return (
    <section aria-labelledby="curves-title">
      <h2 id="curves-title">Learning curves</h2>
      <ProblemView error={curves.error} />
      {series.length === 0 ? (
        <p>No validation checks yet: curves appear when a training finishes.</p>
      ) : (
        <>
          <LineChart label="Validation recall@10 per check of teacher, student and distilled student" series={series} xLabel="training step" yLabel="valid R@10" testId="curves-chart" />
          <details>
            <summary>Curves as a table</summary>
            {models.map(([name, curve]) => (curve ? <CurveTable key={name} name={name} curve={curve} /> : null))}
          </details>
        </>
      )}
    </section>
  );
}

function CurveTable({ name, curve }: { name: string; curve: ModelCurve }) {
  return (
    <table class="data compact">
      <caption>{name} (kept step: {curve.bestStep ?? '—'})</caption>
      <thead>
        <tr>
          <th scope="col" class="num">step</th>
          <th scope="col" class="num">valid R@10</th>
          <th scope="col" class="num">loss</th>
        </tr>
      </thead>
      <tbody>
        {curve.checks.map((c) => (
          <tr key={c.step}>
            <td class="num">{c.step}</td>
            <td class="num">{metric(c.recall)}</td>
            <td class="num">{metric(c.loss, 3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
