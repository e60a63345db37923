import { RUN_STATE_DRIVEN, type RunEvent } from '@alkdrec/contracts';
import type { StreamEvent } from '../../http/event-stream';
import type { RunEventListener } from './run-watch-hub';

/** What the stream subscribes to: RunWatchHub, or anything that tells a run's events the same way. */
export interface RunEventSource {
  subscribe(runId: string, listener: RunEventListener): () => void;
}

/**
 * A run's events as Server-Sent Events (for sendEventStream): named by the RunEvent's `type`, its
 * JSON as `data`, numbered from 1 in `id`. Ends after the first state in which the run is not
 * driven (SUCCEEDED, FAILED, CANCELLED). Subscribes when iterated; `return` (the client went away,
 * the api shuts down, the end) unsubscribes at once, even while a `next` is waiting.
 */
export function runEventStream(source: RunEventSource, runId: string): AsyncIterable<StreamEvent> {
  return {
    [Symbol.asyncIterator]: () => {
      const queued: StreamEvent[] = [];
      let waiting: ((result: IteratorResult<StreamEvent>) => void) | undefined;
      let ended = false;
      let sequence = 0;
      const finish = (): IteratorResult<StreamEvent> => {
        ended = true;
        unsubscribe();
        return { done: true, value: undefined };
      };
      const onEvent = (event: RunEvent) => {
        if (ended) return;
        const item: StreamEvent = { event: event.type, data: event, id: String(++sequence) };
        if (waiting) {
          const resolve = waiting;
          waiting = undefined;
          resolve({ done: false, value: item });
        } else {
          queued.push(item);
        }
        if (event.type === 'state' && !RUN_STATE_DRIVEN[event.state]) {
          ended = true;
          unsubscribe();
        }
      };
      // The source may tell the latest state while subscribing (a stream joining a shared watch):
      // a stopped run's stream then unsubscribes as soon as it has the means.
      let unsubscribed = false;
      let stop: (() => void) | undefined;
      function unsubscribe(): void {
        unsubscribed = true;
        stop?.();
        stop = undefined;
      }
      const stopSource = source.subscribe(runId, onEvent);
      if (unsubscribed) stopSource();
      else stop = stopSource;
      return {
        next: () => {
          const item = queued.shift();
          if (item) return Promise.resolve({ done: false, value: item });
          if (ended) return Promise.resolve(finish());
          return new Promise((resolve) => (waiting = resolve));
        },
        return: () => {
          const resolve = waiting;
          waiting = undefined;
          const done = finish();
          resolve?.(done);
          return Promise.resolve(done);
        },
      };
    },
  };
}
