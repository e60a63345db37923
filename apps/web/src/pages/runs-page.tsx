import type { DatasetListPage, RunListItem, RunListPage } from '@alkdrec/contracts';
import { useEffect, useState } from 'preact/hooks';
import { query } from '../api/client';
import { useApi } from '../api/use-api';
import { ProblemView } from '../components/problem-view';
import { StateBadge } from '../components/state-badge';
import { count, duration, metric, usd, wall } from '../format';
import { RUN_STATES, STRATEGIES } from '../names';
import { href, replaceParams } from '../router';
import { NewRunForm } from './new-run-form';

const PAGE = 50;

/** Every run, newest first: filters in the URL, 50 a page, refreshed every few seconds while one runs. */
export function RunsPage({ params }: { params: URLSearchParams }) {
  const filters = { dataset: params.get('dataset') ?? undefined, strategy: params.get('strategy') ?? undefined, state: params.get('state') ?? undefined };
  const cursor = params.get('cursor') ?? undefined;
  const runs = useApi<RunListPage>(`/v1/runs${query({ ...filters, cursor, limit: PAGE })}`);
  const datasets = useApi<DatasetListPage>('/v1/datasets?limit=100');
  const running = runs.data?.runs.some((r) => r.state === 'RUNNING') ?? false;
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(runs.reload, 3000);
    return () => clearInterval(timer);
  }, [running, runs.reload]);
  const setFilter = (name: string, value: string) => replaceParams(['runs'], { ...filters, [name]: value || undefined });
  const [showForm, setShowForm] = useState(false);

  return (
    <section aria-labelledby="runs-title">
      <div class="title-row">
        <h1 id="runs-title">Runs</h1>
        <button type="button" aria-expanded={showForm} aria-controls="new-run" onClick={() => setShowForm(!showForm)}>
          {showForm ? 'Close the form' : 'New run'}
        </button>
      </div>
      {showForm && <NewRunForm datasets={datasets.data?.datasets.map((d) => d.name) ?? []} onCreated={runs.reload} />}
      <form class="filters" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
        <label>
          Dataset
          <select value={filters.dataset ?? ''} onChange={(e) => setFilter('dataset', e.currentTarget.value)}>
            <option value="">all</option>
            {datasets.data?.datasets.map((d) => <option key={d.name}>{d.name}</option>)}
          </select>
        </label>
        <label>
          Strategy
          <select value={filters.strategy ?? ''} onChange={(e) => setFilter('strategy', e.currentTarget.value)}>
            <option value="">all</option>
            {STRATEGIES.map((s) => <option key={s}>{s}</option>)}
          </select>
        </label>
        <label>
          State
          <select value={filters.state ?? ''} onChange={(e) => setFilter('state', e.currentTarget.value)}>
            <option value="">all</option>
            {RUN_STATES.map((s) => <option key={s}>{s}</option>)}
          </select>
        </label>
        <span class="hint" aria-live="polite">
          {runs.data ? `${count(runs.data.total)} runs` : runs.loading ? 'loading…' : ''}
        </span>
      </form>
      <ProblemView error={runs.error} />
      {runs.data && <RunsTable runs={runs.data.runs} />}
      <nav class="pager" aria-label="Pages">
        {cursor && <a href={href('runs')}>First page</a>}
        {runs.data?.next && (
          <button type="button" onClick={() => replaceParams(['runs'], { ...filters, cursor: runs.data?.next ?? undefined })}>
            Next {PAGE}
          </button>
        )}
      </nav>
    </section>
  );
}

function RunsTable({ runs }: { runs: readonly RunListItem[] }) {
  const now = Date.now();
  if (runs.length === 0) return <p>No runs match. Start one with “New run”.</p>;
  return (
    <div class="table-wrap">
      <table class="data" data-testid="runs-table">
        <caption class="visually-hidden">Runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">run</th>
            <th scope="col">state</th>
            <th scope="col">stage</th>
            <th scope="col" class="num">wall</th>
            <th scope="col" class="num">R@10 student</th>
            <th scope="col" class="num">R@10 teacher</th>
            <th scope="col" class="num">R@10 distilled</th>
            <th scope="col" class="num">LLM requests</th>
            <th scope="col" class="num">cost</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <th scope="row">
                <a href={href('runs', run.id)}>{run.id}</a>
              </th>
              <td><StateBadge state={run.state} /></td>
              <td>
                {run.stage ?? '—'} <span class="hint">({run.stagesSucceeded}/{run.stageCount})</span>
              </td>
              <td class="num">{duration(wall(run.createdAt, run.finishedAt, now))}</td>
              <td class="num">{metric(run.student?.test.recall10)}</td>
              <td class="num">{metric(run.teacher?.test.recall10)}</td>
              <td class="num">{metric(run.distilled?.test.recall10)}</td>
              <td class="num">{count(run.llm.requests)}</td>
              <td class="num">{usd(run.llm.costUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
