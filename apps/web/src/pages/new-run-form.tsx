import type { FieldError, RunAccepted } from '@alkdrec/contracts';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { FieldMessage, ProblemView } from '../components/problem-view';
import { NeedsToken, useToken } from '../components/token-box';
import { BACKBONES, PROVIDERS, STRATEGIES } from '../names';
import { href } from '../router';

const NUMBER_FIELDS = ['budget', 'seed', 'maxSteps'] as const;

/**
 * POST /v1/runs with a RunSpec. The api validates it (the browser does not second-guess it: the
 * form is `novalidate`); its refusal names fields (`body.budget`), shown under each input.
 */
export function NewRunForm({ datasets, onCreated }: { datasets: readonly string[]; onCreated: () => void }) {
  const token = useToken();
  const [fields, setFields] = useState<Record<string, string>>({ dataset: '', backbone: 'fpmc', strategy: 'alkdrec', provider: 'replay', budget: '500', seed: '1', maxSteps: '' });
  const [error, setError] = useState<Error | undefined>();
  const [byField, setByField] = useState<Record<string, FieldError>>({});
  const [accepted, setAccepted] = useState<RunAccepted | undefined>();
  const [busy, setBusy] = useState(false);
  const dataset = fields['dataset'] || datasets[0] || '';

  const submit = async (event: Event) => {
    event.preventDefault();
    const body: Record<string, unknown> = { dataset, backbone: fields['backbone'], strategy: fields['strategy'], provider: fields['provider'] };
    for (const name of NUMBER_FIELDS) {
      const text = (fields[name] ?? '').trim();
      // A number stays a number; anything else goes as typed, for the api to name.
      if (text !== '') body[name] = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    }
    setBusy(true);
    setError(undefined);
    setByField({});
    try {
      setAccepted(await api<RunAccepted>('/v1/runs', { method: 'POST', body }));
      onCreated();
    } catch (reason) {
      setError(reason as Error);
      if (reason instanceof ApiError) setByField(reason.byField());
    } finally {
      setBusy(false);
    }
  };
  const input = (name: string, label: string, choices?: readonly string[], extra: Record<string, string> = {}) => {
    const id = `run-${name}`;
    const message = byField[`body.${name}`]?.message;
    const common = { id, name, 'aria-invalid': message ? true : undefined, 'aria-describedby': message ? `${id}-error` : undefined };
    const value = name === 'dataset' ? dataset : (fields[name] ?? '');
    const set = (v: string) => setFields({ ...fields, [name]: v });
    return (
      <div class="field">
        <label for={id}>{label}</label>
        {choices ? (
          <select {...common} value={value} onChange={(e) => set(e.currentTarget.value)}>
            {choices.map((c) => <option key={c}>{c}</option>)}
          </select>
        ) : (
          <input {...common} {...extra} value={value} onInput={(e) => set(e.currentTarget.value)} />
        )}
        <FieldMessage id={`${id}-error`} message={message} />
      </div>
    );
  };
  return (
    <form id="new-run" class="card form-grid" noValidate onSubmit={submit} aria-labelledby="new-run-title">
      <h2 id="new-run-title">New run</h2>
      {input('dataset', 'Dataset', datasets.length > 0 ? datasets : [''])}
      {input('backbone', 'Backbone', BACKBONES)}
      {input('strategy', 'Strategy', STRATEGIES)}
      {input('provider', 'LLM provider', PROVIDERS)}
      {input('budget', 'Budget (sessions asked of the LLM)', undefined, { inputMode: 'numeric' })}
      {input('seed', 'Seed', undefined, { inputMode: 'numeric' })}
      {input('maxSteps', 'Max training steps (blank: early stopping)', undefined, { inputMode: 'numeric' })}
      <div class="actions">
        <button type="submit" disabled={!token || busy}>
          {busy ? 'Submitting…' : 'Submit run'}
        </button>
        {!token && <NeedsToken />}
      </div>
      {accepted && (
        <p class="ok" role="status">
          {accepted.origin === 'finished' ? 'Already finished: ' : accepted.origin === 'existing' ? 'Already running: ' : 'Queued: '}
          <a href={href('runs', accepted.runId)}>{accepted.runId}</a>
        </p>
      )}
      <ProblemView error={Object.keys(byField).length > 0 ? undefined : error} />
      {Object.keys(byField).length > 0 && (
        <p class="problem" role="alert">
          The api refused the run: {error?.message}
        </p>
      )}
    </form>
  );
}
