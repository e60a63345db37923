import type { DatasetImported, DatasetListPage, DatasetView } from '@alkdrec/contracts';
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { useApi } from '../api/use-api';
import { ProblemView } from '../components/problem-view';
import { NeedsToken, useToken } from '../components/token-box';
import { count, when } from '../format';

/** Datasets with their statistics, and an upload that shows the import's refusal by file, line and field. */
export function DatasetsPage() {
  const datasets = useApi<DatasetListPage>('/v1/datasets?limit=100');
  return (
    <section aria-labelledby="datasets-title">
      <h1 id="datasets-title">Datasets</h1>
      <ProblemView error={datasets.error} />
      {datasets.data && <DatasetsTable datasets={datasets.data.datasets} />}
      <UploadForm onImported={datasets.reload} />
    </section>
  );
}

function DatasetsTable({ datasets }: { datasets: readonly DatasetView[] }) {
  if (datasets.length === 0) return <p>No dataset imported yet.</p>;
  return (
    <div class="table-wrap">
      <table class="data" data-testid="datasets-table">
        <caption>Kept sessions per split (60 / 20 / 20 % in file order) and what the import dropped</caption>
        <thead>
          <tr>
            <th scope="col">name</th>
            <th scope="col" class="num">items</th>
            <th scope="col" class="num">train</th>
            <th scope="col" class="num">valid</th>
            <th scope="col" class="num">test</th>
            <th scope="col" class="num">sessions</th>
            <th scope="col" class="num">dropped rows</th>
            <th scope="col" class="num">unknown items removed</th>
            <th scope="col">wording</th>
            <th scope="col">imported</th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((d) => (
            <tr key={d.name}>
              <th scope="row">{d.name}</th>
              <td class="num">{count(d.items)}</td>
              <td class="num">{count(d.sessions.train)}</td>
              <td class="num">{count(d.sessions.valid)}</td>
              <td class="num">{count(d.sessions.test)}</td>
              <td class="num">{count(d.sessions.total)}</td>
              <td class="num">
                {count(d.dropped.rows)}
                {d.dropped.rowsByReason && d.dropped.rows > 0 && (
                  <span class="hint">
                    {' '}
                    ({d.dropped.rowsByReason.unknownNext} unknown next, {d.dropped.rowsByReason.noKnownItems} no known item)
                  </span>
                )}
              </td>
              <td class="num">{count(d.dropped.items)}</td>
              <td>
                users {d.metadata.domain.verb} {d.metadata.domain.items}
              </td>
              <td>{when(d.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** POST /v1/datasets (multipart): name, items.csv, sessions.jsonl (plain or .gz), optional metadata JSON. */
function UploadForm({ onImported }: { onImported: () => void }) {
  const token = useToken();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [imported, setImported] = useState<DatasetImported | undefined>();
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    // An empty optional field is left out: the api refuses fields it does not take, and files not chosen.
    for (const [key, value] of [...form.entries()]) {
      if ((typeof value === 'string' && value.trim() === '' && key === 'metadata') || (value instanceof File && value.name === '' && value.size === 0)) form.delete(key);
    }
    setBusy(true);
    setError(undefined);
    setImported(undefined);
    try {
      setImported(await api<DatasetImported>('/v1/datasets', { method: 'POST', body: form }));
      onImported();
    } catch (reason) {
      setError(reason as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card form-grid" onSubmit={submit} aria-labelledby="upload-title" data-testid="upload-form">
      <h2 id="upload-title">Import a dataset</h2>
      <p class="hint full">
        items.csv (header naming itemID and title) and sessions.jsonl (one {'{"items": [id, …], "next": id}'} per line), plain or gzipped: docs/data.md.
      </p>
      <div class="field">
        <label for="upload-name">Name</label>
        <input id="upload-name" name="name" required pattern="[a-z0-9][a-z0-9._-]*" />
      </div>
      <div class="field">
        <label for="upload-items">items.csv</label>
        <input id="upload-items" name="items" type="file" accept=".csv,.gz,text/csv" />
      </div>
      <div class="field">
        <label for="upload-sessions">sessions.jsonl</label>
        <input id="upload-sessions" name="sessions" type="file" accept=".jsonl,.gz,.json" />
      </div>
      <div class="field full">
        <label for="upload-metadata">Metadata (JSON, optional)</label>
        <textarea id="upload-metadata" name="metadata" rows={2} />
      </div>
      <div class="actions">
        <button type="submit" disabled={!token || busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        {!token && <NeedsToken />}
      </div>
      {imported && (
        <p class="ok" role="status">
          Imported {imported.dataset.name}: {count(imported.dataset.items)} items, {count(imported.dataset.sessions.total)} sessions in {imported.ms} ms.
        </p>
      )}
      <ProblemView error={error} title="The import was refused" />
    </form>
  );
}
