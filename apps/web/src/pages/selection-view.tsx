import type { CatalogueItem, RunSelectionDetail, SelectedSessionDetail } from '@alkdrec/contracts';
import { useMemo } from 'preact/hooks';
import { useApi } from '../api/use-api';
import { LineChart, type ChartSeries } from '../charts/line-chart';
import { ProblemView } from '../components/problem-view';
import { count, metric } from '../format';

/** The selection: p* over difficulty rank with the drawn sessions marked, and a few drawn sessions side by side. */
export function SelectionView({ runId, strategy, version }: { runId: string; strategy: string; version: number }) {
  const selection = useApi<RunSelectionDetail>(`/v1/runs/${encodeURIComponent(runId)}/selection?samples=4&top=10`, version);
  const series = useMemo<ChartSeries[]>(() => {
    const data = selection.data;
    if (!data) return [];
    const out: ChartSeries[] = [];
    if (data.curve) out.push({ label: 'p* for the initial pool', points: data.curve.points, shade: 0 });
    out.push({
      label: `drawn sessions (${data.drawn.length}), at p* of their draw`,
      points: [...data.drawn].sort((a, b) => a.rank - b.rank).map((d) => [d.rank, d.probability] as const),
      markersOnly: true,
      shade: 0.3,
    });
    return out;
  }, [selection.data]);
  if (strategy === 'tr') return null;
  const data = selection.data;
  return (
    <section aria-labelledby="selection-title">
      <h2 id="selection-title">Selection</h2>
      <ProblemView error={selection.error} />
      {data && data.drawn.length === 0 && <p>Nothing drawn yet: the select stage has not run.</p>}
      {data && data.drawn.length > 0 && (
        <>
          <p>
            {count(data.drawn.length)} sessions drawn from a pool of {data.poolSize === null ? '—' : count(data.poolSize)}
            {data.curve?.kStar ? `; k* = ${data.curve.kStar}` : ''}. {data.poolNote}
          </p>
          <LineChart
            label={`p* over difficulty rank (1 = hardest) for ${strategy}, with the ${data.drawn.length} drawn sessions marked`}
            series={series}
            xLabel="difficulty rank in the pool (1 = hardest)"
            yLabel="p*"
            testId="pstar-chart"
          />
          <details>
            <summary>Drawn sessions as a table</summary>
            <table class="data compact" data-testid="drawn-table">
              <caption>In draw order</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">order</th>
                  <th scope="col" class="num">session row</th>
                  <th scope="col" class="num">rank</th>
                  <th scope="col" class="num">p*</th>
                  <th scope="col" class="num">difficulty</th>
                  <th scope="col">LLM</th>
                </tr>
              </thead>
              <tbody>
                {data.drawn.map((d) => (
                  <tr key={d.order}>
                    <td class="num">{d.order + 1}</td>
                    <td class="num">{d.row}</td>
                    <td class="num">{d.rank}</td>
                    <td class="num">{d.probability.toExponential(2)}</td>
                    <td class="num">{metric(d.difficulty, 3)}</td>
                    <td>{d.llmStatus ?? 'unanswered'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          <h3>Selected sessions, side by side</h3>
          <div data-testid="samples">
            {data.samples.map((s) => (
              <SampleCard key={s.row} sample={s} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function SampleCard({ sample }: { sample: SelectedSessionDetail }) {
  const next = sample.next.itemId;
  const rows = Math.max(sample.teacher.length, sample.llm.length);
  const cell = (item: CatalogueItem | undefined) =>
    item ? (
      <td class={item.itemId === next ? 'hit' : undefined}>
        {item.title}
        {item.itemId === next ? <strong> ← next</strong> : null}
      </td>
    ) : (
      <td />
    );
  return (
    <div class="card sample">
      <h4>
        Session row {sample.row}: drawn {sample.order + 1}, difficulty rank {sample.rank} · LLM: {sample.llmStatus ?? 'unanswered'}
      </h4>
      <p>
        <span class="hint">watched:</span> {sample.session.map((i) => i.title).join(' → ')}
      </p>
      <p>
        <span class="hint">next:</span> <strong>{sample.next.title}</strong>
        {sample.teacherTrueRank !== null && <span class="hint"> (the teacher ranked it {sample.teacherTrueRank + 1} of the catalogue)</span>}
      </p>
      <table class="data compact">
        <caption>The teacher's candidates and the LLM's ranking, best first</caption>
        <thead>
          <tr>
            <th scope="col" class="num">#</th>
            <th scope="col">teacher</th>
            <th scope="col">LLM</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, i) => (
            <tr key={i}>
              <td class="num">{i + 1}</td>
              {cell(sample.teacher[i])}
              {cell(sample.llm[i])}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
