import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { createRootLogger } from './create-root-logger';
import { PinoLoggerService, toLogEntry } from './pino-logger.service';

function capture(level: 'info' | 'debug' | 'trace' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const service = new PinoLoggerService(createRootLogger({ service: 'test-svc', level, destination }));
  return { lines, service };
}

describe(PinoLoggerService.name, () => {
  it('writes one JSON line per event with level, service and context', () => {
    const { lines, service } = capture();
    service.log('worker started', 'WorkerHost');
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.['level'], 'info');
    assert.equal(lines[0]?.['service'], 'test-svc');
    assert.equal(lines[0]?.['context'], 'WorkerHost');
    assert.equal(lines[0]?.['msg'], 'worker started');
    assert.match(String(lines[0]?.['time']), /^\d{4}-\d\d-\d\dT/);
  });

  it('works behind `new Logger(X.name)` once installed as the app logger', () => {
    const { lines, service } = capture();
    Logger.overrideLogger(service);
    try {
      new Logger('TrainerQueue').warn({ msg: 'job stalled', jobId: 'train-1' });
    } finally {
      Logger.overrideLogger(false);
    }
    assert.deepEqual(
      { level: lines[0]?.['level'], context: lines[0]?.['context'], msg: lines[0]?.['msg'], jobId: lines[0]?.['jobId'] },
      { level: 'warn', context: 'TrainerQueue', msg: 'job stalled', jobId: 'train-1' },
    );
  });

  it('drops events below the configured level', () => {
    const { lines, service } = capture('info');
    service.debug('noise', 'X');
    service.verbose('more noise', 'X');
    assert.equal(lines.length, 0);
  });

  it('maps verbose to trace when enabled', () => {
    const { lines, service } = capture('trace');
    service.verbose('detail', 'X');
    assert.equal(lines[0]?.['level'], 'trace');
  });
});

describe(toLogEntry.name, () => {
  it('keeps the stack Nest passes to error()', () => {
    const stack = 'Error: boom\n    at f (a.js:1:1)';
    const { fields, msg } = toLogEntry('error', 'job failed', [stack, 'Ctx']);
    assert.equal(msg, 'job failed');
    assert.equal(fields['stack'], stack);
    assert.equal(fields['context'], 'Ctx');
  });

  it('serialises an Error passed as the message', () => {
    const error = new Error('redis down');
    const { fields, msg } = toLogEntry('error', error, [undefined, 'Redis']);
    assert.equal(msg, 'redis down');
    assert.equal(fields['err'], error);
    assert.equal(fields['context'], 'Redis');
  });

  it('spreads object messages into fields', () => {
    const { fields, msg } = toLogEntry('log', { message: 'done', steps: 20 }, []);
    assert.equal(msg, 'done');
    assert.deepEqual(fields, { steps: 20 });
  });

  it('keeps non-string extra parameters', () => {
    const { fields } = toLogEntry('log', 'x', [42, 'Ctx']);
    assert.deepEqual(fields, { context: 'Ctx', extra: [42] });
  });
});
