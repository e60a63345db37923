import type { Comparison, DatasetListPage } from '@alkdrec/contracts';
import { useMemo } from 'preact/hooks';
import { query } from '../api/client';
import { useApi } from '../api/use-api';
import { LineChart, type ChartSeries } from '../charts/line-chart';
import { ProblemView } from '../components/problem-view';
import { metric } from '../format';
import { BACKBONES } from '../names';
import { replaceParams } from '../router';

/** Strategies side by side for one dataset × backbone: our mean ± sd over seeds, the paper's number beside. */
export function ComparePage({ params }: { params: URLSearchParams }) {
  const datasets = useApi<DatasetListPage>('/v1/datasets?limit=100');
  const dataset = params.get('dataset') ?? datasets.data?.datasets[0]?.name ?? '';
  const backbone = params.get('backbone') ?? 'fpmc';
  const budget = params.get('budget') ?? '500';
  const maxSteps = params.get('maxSteps') ?? '';
  const comparison = useApi<Comparison>(dataset ? `/v1/compare${query({ dataset, backbone, budget, maxSteps })}` : null);
  const set = (name: string, value: string) => replaceParams(['compare'], { dataset, backbone, budget, maxSteps, [name]: value });
  const variants = comparison.data?.variants ?? [];
  const series = useMemo<ChartSeries[]>(
    () => [
      {
        label: 'this repository: mean R@10 ± sd over seeds',
        points: variants.flatMap((v, i) => (v.recall10 ? [[i, v.recall10.mean] as const] : [])),
        whiskers: variants.flatMap((v) => (v.recall10 ? [v.recall10.sd === null ? null : ([v.recall10.mean - v.recall10.sd, v.recall10.mean + v.recall10.sd] as const)] : [])),
        markersOnly: true,
        filled: true,
        shade: 0,
      },
      { label: "the paper's R@10", points: variants.flatMap((v, i) => (v.paper ? [[i, v.paper.recall10] as const] : [])), markersOnly: true, shade: 0.45 },
    ],
    [variants],
  );
  return (
    <section aria-labelledby="compare-title">
      <h1 id="compare-title">Compare strategies</h1>
      <form class="filters" aria-label="What to compare" onSubmit={(e) => e.preventDefault()}>
        <label>
          Dataset
          <select value={dataset} onChange={(e) => set('dataset', e.currentTarget.value)}>
            {datasets.data?.datasets.map((d) => <option key={d.name}>{d.name}</option>)}
          </select>
        </label>
        <label>
          Backbone
          <select value={backbone} onChange={(e) => set('backbone', e.currentTarget.value)}>
            {BACKBONES.map((b) => <option key={b}>{b}</option>)}
          </select>
        </label>
        <label>
          Budget
          <input inputMode="numeric" size={6} value={budget} onChange={(e) => set('budget', e.currentTarget.value)} />
        </label>
        <label>
          Max steps
          <input inputMode="numeric" size={6} placeholder="uncapped" value={maxSteps} onChange={(e) => set('maxSteps', e.currentTarget.value)} />
        </label>
      </form>
      <ProblemView error={comparison.error} />
      {comparison.data && (
        <>
          <LineChart
            label={`Test recall@10 by strategy for ${dataset} × ${backbone}: this repository's mean and standard deviation over seeds beside the paper's figure`}
            series={series}
            xLabel="variant"
            yLabel="test R@10"
            xTick={(i) => variants[i]?.variant ?? ''}
            xRange={[-0.5, variants.length - 0.5]}
            testId="compare-chart"
          />
          <table class="data" data-testid="compare-table">
            <caption>
              Test split, session rule; runs that succeeded with budget {comparison.data.budget}
              {comparison.data.maxSteps === null ? ', uncapped' : `, at most ${comparison.data.maxSteps} steps`}. The paper's NDCG was summed in an
              arbitrary order (REFERENCE §8): compare it with care.
            </caption>
            <thead>
              <tr>
                <th scope="col">variant</th>
                <th scope="col" class="num">seeds</th>
                <th scope="col" class="num">R@10 mean</th>
                <th scope="col" class="num">R@10 sd</th>
                <th scope="col" class="num">paper R@10</th>
                <th scope="col" class="num">N@10 mean</th>
                <th scope="col" class="num">N@10 sd</th>
                <th scope="col" class="num">paper N@10</th>
              </tr>
            </thead>
            <tbody>
              {variants.map((v) => (
                <tr key={v.variant}>
                  <th scope="row">{v.variant}</th>
                  <td class="num">{v.seeds.length === 0 ? '—' : v.seeds.join(', ')}</td>
                  <td class="num">{metric(v.recall10?.mean)}</td>
                  <td class="num">{metric(v.recall10?.sd)}</td>
                  <td class="num">{metric(v.paper?.recall10)}</td>
                  <td class="num">{metric(v.ndcg10?.mean)}</td>
                  <td class="num">{metric(v.ndcg10?.sd)}</td>
                  <td class="num">{metric(v.paper?.ndcg10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
