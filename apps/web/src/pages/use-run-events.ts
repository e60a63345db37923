import type { RunEvent, RunProgress } from '@alkdrec/contracts';
import { useEffect, useState } from 'preact/hooks';

export interface LiveRun {
  /** Connected to the api's event stream. */
  connected: boolean;
  state: string | null;
  stage: string | null;
  progress: RunProgress | null;
  /** Events received: a change of it means something moved. */
  events: number;
}

/**
 * Follows GET /v1/runs/:id/events (Server-Sent Events) while `follow` is true: the run's state and
 * progress as they happen. The stream ends when the run stops; `onStage` is called when the state or
 * stage changes, so the page re-reads the run (metrics, ledger) then and not on every progress tick.
 */
export function useRunEvents(runId: string, follow: boolean, onStage: () => void): LiveRun {
  const [live, setLive] = useState<LiveRun>({ connected: false, state: null, stage: null, progress: null, events: 0 });
  useEffect(() => {
    if (!follow) return undefined;
    const source = new EventSource(`/v1/runs/${encodeURIComponent(runId)}/events`);
    source.onopen = () => setLive((l) => ({ ...l, connected: true }));
    const onState = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as Extract<RunEvent, { type: 'state' }>;
      setLive((l) => ({ ...l, state: event.state, stage: event.stage, events: l.events + 1 }));
      onStage();
      if (event.state !== 'RUNNING') source.close();
    };
    const onProgress = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as Extract<RunEvent, { type: 'progress' }>;
      setLive((l) => {
        if (l.progress && l.progress.stage !== event.progress.stage) onStage();
        return { ...l, progress: event.progress, stage: event.progress.stage, events: l.events + 1 };
      });
    };
    source.addEventListener('state', onState);
    source.addEventListener('progress', onProgress);
    // The stream ends when the run stops: the browser would reconnect forever; stop at the first error.
    source.onerror = () => {
      source.close();
      setLive((l) => ({ ...l, connected: false }));
      onStage();
    };
    return () => source.close();
  }, [runId, follow, onStage]);
  return live;
}
