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
});
