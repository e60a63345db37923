import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent } from '@alkdrec/contracts';
import { runEventStream, type RunEventSource } from './run-event-stream';
import type { RunEventListener } from './run-watch-hub';

const RUNNING: RunEvent = { type: 'state', runId: 'r', state: 'RUNNING', stage: 'teacher', error: null };
const PROGRESS: RunEvent = { type: 'progress', runId: 'r', progress: { stage: 'teacher', stageIndex: 0, stageCount: 4, done: 1, total: 2, finished: [] } };
const DONE: RunEvent = { type: 'state', runId: 'r', state: 'SUCCEEDED', stage: null, error: null };

/** A FAKE event source: tells `initial` while subscribing (as the hub does to a late listener), then what the test tells. */
function fakeSource(initial: RunEvent[] = []) {
  const listeners = new Set<RunEventListener>();
  const source: RunEventSource = {
    subscribe: (_runId, listener) => {
      for (const event of initial) listener(event);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { source, listeners, tell: (event: RunEvent) => [...listeners].forEach((listener) => listener(event)) };
}

describe(runEventStream.name, () => {
  it('names each event by its type, numbers them, and ends after a state in which the run is not driven, unsubscribing', async () => {
    const fake = fakeSource([RUNNING]);
    const iterator = runEventStream(fake.source, 'r')[Symbol.asyncIterator]();
    assert.deepEqual(await iterator.next(), { done: false, value: { event: 'state', data: RUNNING, id: '1' } });
    const waiting = iterator.next();
    fake.tell(PROGRESS);
    fake.tell(DONE);
    assert.deepEqual(await waiting, { done: false, value: { event: 'progress', data: PROGRESS, id: '2' } });
    assert.equal(fake.listeners.size, 0, 'unsubscribed once the final state is queued');
    assert.deepEqual(await iterator.next(), { done: false, value: { event: 'state', data: DONE, id: '3' } });
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
  });

  it('unsubscribes a stream whose run had already stopped when it subscribed', async () => {
    const fake = fakeSource([DONE]);
    const iterator = runEventStream(fake.source, 'r')[Symbol.asyncIterator]();
    assert.equal(fake.listeners.size, 0);
    assert.equal((await iterator.next()).value?.data, DONE);
    assert.equal((await iterator.next()).done, true);
  });

  it('return() while a next() waits: that next() ends and the source is left at once', async () => {
    const fake = fakeSource();
    const iterator = runEventStream(fake.source, 'r')[Symbol.asyncIterator]();
    const waiting = iterator.next();
    assert.equal(fake.listeners.size, 1);
    await iterator.return?.();
    assert.deepEqual(await waiting, { done: true, value: undefined });
    assert.equal(fake.listeners.size, 0);
    fake.tell(PROGRESS);
    assert.equal((await iterator.next()).done, true, 'nothing after the end');
  });
});
