import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { logConnectionErrors } from './connection-error-logger';

describe(logConnectionErrors.name, () => {
  function setup() {
    const logged: Record<string, unknown>[] = [];
    let clock = 0;
    const emitter = new EventEmitter();
    logConnectionErrors(emitter, { error: (m) => logged.push(m as Record<string, unknown>) }, 'queue alkdrec.trainer', 1_000, () => clock);
    return { emitter, logged, tick: (ms: number) => (clock += ms) };
  }

  it('keeps an error event from crashing the process and logs it with its source', () => {
    const { emitter, logged } = setup();
    emitter.emit('error', new Error('ECONNREFUSED'));
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.['msg'], 'queue alkdrec.trainer: ECONNREFUSED');
  });

  it('summarises repeats of the same message within the window', () => {
    const { emitter, logged, tick } = setup();
    for (let i = 0; i < 5; i++) {
      emitter.emit('error', new Error('ECONNREFUSED'));
      tick(100);
    }
    assert.equal(logged.length, 1);
    tick(1_000);
    emitter.emit('error', new Error('ECONNREFUSED'));
    assert.equal(logged.length, 2);
    assert.equal(logged[1]?.['repeated'], 4);
  });

  it('logs a different message at once', () => {
    const { emitter, logged } = setup();
    emitter.emit('error', new Error('ECONNREFUSED'));
    emitter.emit('error', new Error('NOAUTH'));
    assert.equal(logged.length, 2);
  });

  it('reports a job Redis lost once, as a warning naming it, however many errors BullMQ raises for it', () => {
    const warned: Record<string, unknown>[] = [];
    const errors: Record<string, unknown>[] = [];
    const emitter = new EventEmitter();
    logConnectionErrors(emitter, { error: (m) => errors.push(m as Record<string, unknown>), warn: (m) => warned.push(m as Record<string, unknown>) }, 'worker alkdrec.llm.ranking');
    // What bullmq 5.81 emits for one in-flight job after a Redis restart, in order.
    emitter.emit('error', new Error('could not renew lock for job rank-r1-7'));
    emitter.emit('error', new Error('Missing key for job rank-r1-7. moveToFinished'));
    emitter.emit('error', new Error('Missing key for job rank-r1-7. moveToFinished'));
    emitter.emit('error', new Error('Missing lock for job rank-r1-9. moveToFinished'));
    emitter.emit('error', new Error('Lock mismatch for job rank-r1-11. Cmd moveToFinished from active'));
    assert.deepEqual(warned.map((w) => w['jobId']), ['rank-r1-7', 'rank-r1-9', 'rank-r1-11']);
    assert.match(String(warned[0]?.['msg']), /^worker alkdrec\.llm\.ranking: job rank-r1-7 is no longer this worker's in Redis \(could not renew lock for job rank-r1-7\): Redis was restarted or flushed/);
    assert.deepEqual(errors, [], 'no error-level line for a lost job');
    emitter.emit('error', new Error('Missing key for parent job alkdrec:q:p. addJob'));
    assert.equal(errors.length, 1, 'other errors are still errors');
  });
});
