import type { DatasetListPage, DatasetServingView, ModelListPage, ModelView, PromotionView } from '@alkdrec/contracts';
import { useState } from 'preact/hooks';
import { api, query } from '../api/client';
import { useApi } from '../api/use-api';
import { ProblemView } from '../components/problem-view';
import { StateBadge } from '../components/state-badge';
import { NeedsToken, useToken } from '../components/token-box';
import { duration, metric, when } from '../format';
import { MODEL_ROLES } from '../names';
import { href, replaceParams } from '../router';
import { TryIt } from './try-it';

/** Models with lineage and metrics; promote one, roll a dataset back, download an export, and try the served one. */
export function ModelsPage({ params }: { params: URLSearchParams }) {
  const token = useToken();
  const datasets = useApi<DatasetListPage>('/v1/datasets?limit=100');
  const dataset = params.get('dataset') ?? datasets.data?.datasets[0]?.name ?? '';
  const role = params.get('role') ?? '';
  const models = useApi<ModelListPage>(dataset ? `/v1/models${query({ dataset, role, limit: 100 })}` : null);
  const serving = useApi<DatasetServingView>(dataset ? `/v1/datasets/${encodeURIComponent(dataset)}/serving?limit=5` : null);
  const [error, setError] = useState<Error | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const act = async (path: string, what: string) => {
    setError(undefined);
    setDone(undefined);
    try {
      const promotion = await api<PromotionView>(path, { method: 'POST' });
      setDone(`${what}: ${promotion.modelId} now serves ${promotion.dataset} (promotion ${promotion.promotionId})`);
      models.reload();
      serving.reload();
    } catch (reason) {
      setError(reason as Error);
    }
  };
  const set = (name: string, value: string) => replaceParams(['models'], { dataset, role, [name]: value });
  const highlighted = params.get('id');
  return (
    <section aria-labelledby="models-title">
      <h1 id="models-title">Models</h1>
      <form class="filters" aria-label="Filter models" onSubmit={(e) => e.preventDefault()}>
        <label>
          Dataset
          <select value={dataset} onChange={(e) => set('dataset', e.currentTarget.value)}>
            {datasets.data?.datasets.map((d) => <option key={d.name}>{d.name}</option>)}
          </select>
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => set('role', e.currentTarget.value)}>
            <option value="">all</option>
            {MODEL_ROLES.map((r) => <option key={r}>{r}</option>)}
          </select>
        </label>
      </form>
      {serving.data && (
        <div class="card" data-testid="serving">
          <h2>Serving {dataset}</h2>
          {serving.data.current ? (
            <p>
              <strong data-testid="serving-model">{serving.data.current.modelId}</strong> since {when(serving.data.current.at)} ({serving.data.current.action}
              {serving.data.current.by ? ` by ${serving.data.current.by}` : ''}); this replica serves {serving.data.replica.modelId ?? 'nothing yet'}.
            </p>
          ) : (
            <p data-testid="serving-model">Nothing promoted yet: promote a student below.</p>
          )}
          <button type="button" disabled={!token || !serving.data.current} onClick={() => act(`/v1/datasets/${encodeURIComponent(dataset)}/rollback`, 'Rolled back')}>
            Roll back to the previous model
          </button>
          {!token && <NeedsToken />}
        </div>
      )}
      {done && (
        <p class="ok" role="status">
          {done}
        </p>
      )}
      <ProblemView error={error ?? models.error} />
      {models.data && (
        <div class="table-wrap">
          <table class="data" data-testid="models-table">
            <caption>{models.data.total} models of {dataset}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">model</th>
                <th scope="col">role</th>
                <th scope="col">backbone</th>
                <th scope="col">status</th>
                <th scope="col" class="num">R@10</th>
                <th scope="col" class="num">N@10</th>
                <th scope="col">lineage</th>
                <th scope="col">training</th>
                <th scope="col">actions</th>
              </tr>
            </thead>
            <tbody>
              {models.data.models.map((m) => (
                <ModelRow key={m.id} model={m} highlighted={m.id === highlighted} canPromote={Boolean(token)} onPromote={() => act(`/v1/models/${encodeURIComponent(m.id)}/promote`, 'Promoted')} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dataset && <TryIt dataset={dataset} servingModel={serving.data?.current?.modelId ?? null} />}
    </section>
  );
}

function ModelRow({ model, highlighted, canPromote, onPromote }: { model: ModelView; highlighted: boolean; canPromote: boolean; onPromote: () => void }) {
  const servable = model.role !== 'teacher' && model.status === 'READY';
  const lineage = model.lineage;
  return (
    <tr class={highlighted ? 'highlight' : undefined}>
      <th scope="row">
        <code title={model.id}>{model.id.slice(0, 16)}</code>
        {model.serving && <span class="badge state-succeeded"> serving</span>}
      </th>
      <td>{model.role}</td>
      <td>
        {model.backbone} d={model.dim}
      </td>
      <td><StateBadge state={model.status} /></td>
      <td class="num">{metric(model.metrics?.recall10)}</td>
      <td class="num">{metric(model.metrics?.ndcg10)}</td>
      <td>
        {lineage.run ? <a href={href('runs', lineage.run)}>{lineage.run}</a> : 'outside a run'}
        {lineage.student && <div class="hint">from student {lineage.student.slice(0, 10)}, teacher {lineage.teacher?.slice(0, 10)}</div>}
        {lineage.strategy && (
          <div class="hint">
            {lineage.strategy}, budget {lineage.budget}
          </div>
        )}
      </td>
      <td>
        {model.steps ?? '—'} steps, {duration(model.wallMs)}
      </td>
      <td class="row-actions">
        {servable && !model.serving && (
          <button type="button" disabled={!canPromote} title={canPromote ? undefined : 'needs the API token'} onClick={onPromote}>
            Promote
          </button>
        )}
        {model.status === 'READY' && (
          <a href={`/v1/models/${encodeURIComponent(model.id)}/export`} download>
            Export
          </a>
        )}
      </td>
    </tr>
  );
}
