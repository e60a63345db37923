import type { RunProgress, RunView } from '@alkdrec/contracts';
import { useCallback, useState } from 'preact/hooks';
import { api } from '../api/client';
import { useApi } from '../api/use-api';
import { ProblemView } from '../components/problem-view';
import { StateBadge } from '../components/state-badge';
import { useToken } from '../components/token-box';
import { duration, metric, when } from '../format';
import { href } from '../router';
import { LearningCurves } from './learning-curves';
import { LlmLedger } from './llm-ledger';
import { SelectionView } from './selection-view';
import { useRunEvents } from './use-run-events';

/** One run: where it is (live over SSE while it runs), what it learned, what the LLM cost, what was selected. */
export function RunPage({ runId }: { runId: string }) {
  const run = useApi<RunView>(`/v1/runs/${encodeURIComponent(runId)}`);
  const reload = run.reload;
  const onStage = useCallback(() => reload(), [reload]);
  const live = useRunEvents(runId, run.data?.state === 'RUNNING', onStage);
  if (run.error) return <ProblemView error={run.error} title={`Run ${runId}`} />;
  if (!run.data) return <p aria-busy="true">Loading {runId}…</p>;
  const view = run.data;
  return (
    <article aria-labelledby="run-title">
      <p class="crumbs"><a href={href('runs')}>Runs</a> /</p>
      <div class="title-row">
        <h1 id="run-title">{view.id}</h1>
        <StateBadge state={live.state ?? view.state} />
        <RunActions view={view} onDone={reload} />
      </div>
      <p class="spec">
        {view.spec.dataset} · {view.spec.backbone} · {view.spec.strategy} · {view.spec.provider} · budget {view.spec.budget} · seed {view.spec.seed}
        {view.spec.maxSteps !== undefined ? ` · at most ${view.spec.maxSteps} steps` : ''} · created {when(view.createdAt)}
      </p>
      {view.error && <p class="problem" role="alert">{view.error}</p>}
      <Timeline view={view} live={live.progress} liveStage={live.stage} connected={live.connected} />
      <section aria-labelledby="metrics-title">
        <h2 id="metrics-title">Test metrics</h2>
        <MetricsTable view={view} />
      </section>
      <LearningCurves runId={runId} version={view.stages.filter((s) => s.state === 'SUCCEEDED').length} />
      <LlmLedger view={view} />
      <SelectionView runId={runId} strategy={view.spec.strategy} version={view.selection.selected + (view.llm.outcomes['ranked'] ?? 0)} />
    </article>
  );
}

function RunActions({ view, onDone }: { view: RunView; onDone: () => void }) {
  const token = useToken();
  const [error, setError] = useState<Error | undefined>();
  const act = async (what: 'cancel' | 'resume') => {
    setError(undefined);
    try {
      await api(`/v1/runs/${encodeURIComponent(view.id)}/${what}`, { method: 'POST' });
      onDone();
    } catch (reason) {
      setError(reason as Error);
    }
  };
  return (
    <div class="actions">
      {view.state === 'RUNNING' && (
        <button type="button" disabled={!token} title={token ? undefined : 'needs the API token'} onClick={() => act('cancel')}>
          Cancel run
        </button>
      )}
      {(view.state === 'FAILED' || view.state === 'CANCELLED') && (
        <button type="button" disabled={!token} title={token ? undefined : 'needs the API token'} onClick={() => act('resume')}>
          Resume run
        </button>
      )}
      <ProblemView error={error} />
    </div>
  );
}

interface TimelineProps {
  view: RunView;
  live: RunProgress | null | undefined;
  liveStage: string | null;
  connected: boolean;
}

/** The stages in order: state, attempts, wall time, and a progress bar on the one running. */
function Timeline({ view, live, liveStage, connected }: TimelineProps) {
  const progress = live ?? view.progress;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">
        Stages{' '}
        {connected && (
          <span class="live" data-testid="live-indicator">
            ● live
          </span>
        )}
      </h2>
      <ol class="timeline" data-testid="timeline">
        {view.stages.map((stage) => {
          const running = stage.state === 'RUNNING' || (liveStage === stage.name && view.state === 'RUNNING' && stage.state === 'PENDING');
          const share = running && progress && progress.stage === stage.name && progress.total > 0 ? progress.done / progress.total : null;
          return (
            <li key={stage.name} class={`stage stage-${running ? 'running' : stage.state.toLowerCase()}`}>
              <div class="stage-head">
                <strong>{stage.name}</strong> <StateBadge state={running ? 'RUNNING' : stage.state} />
                {stage.attempts > 1 && <span class="hint"> {stage.attempts} attempts</span>}
              </div>
              <div class="stage-body">
                {stage.wallMs !== null && <span>{duration(stage.wallMs)}</span>}
                {stage.detail && <span class="hint"> {stage.detail}</span>}
                {stage.error && <span class="problem-inline"> {stage.error}</span>}
                {share !== null && progress && (
                  <div class="progress-line" data-testid="live-progress">
                    <progress max={progress.total} value={progress.done} aria-label={`${stage.name} progress`} />
                    <span>
                      {Math.round(share * 100)}% ({progress.done} / {progress.total}){progress.message ? ` — ${progress.message}` : ''}
                    </span>
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function MetricsTable({ view }: { view: RunView }) {
  const rows = [
    ['student', view.metrics.student],
    ['teacher', view.metrics.teacher],
    ['distilled', view.metrics.distilled],
  ] as const;
  return (
    <table class="data" data-testid="metrics-table">
      <caption>Test split, full-catalogue ranking, {view.metrics.exclusion} rule</caption>
      <thead>
        <tr>
          <th scope="col">model</th>
          <th scope="col" class="num">R@5</th>
          <th scope="col" class="num">N@5</th>
          <th scope="col" class="num">R@10</th>
          <th scope="col" class="num">N@10</th>
          <th scope="col">id</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, report]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td class="num">{metric(report?.test.recall5)}</td>
            <td class="num">{metric(report?.test.ndcg5)}</td>
            <td class="num">{metric(report?.test.recall10)}</td>
            <td class="num">{metric(report?.test.ndcg10)}</td>
            <td>{report ? <a href={`${href('models')}?id=${encodeURIComponent(report.modelId)}`}><code>{report.modelId.slice(0, 12)}</code></a> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
