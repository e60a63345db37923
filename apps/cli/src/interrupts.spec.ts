import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { Interrupts, type InterruptHandlers } from './interrupts';

/** Interrupts that write to a buffer and record exits instead of exiting. */
function interrupts(): { interrupts: Interrupts; output: () => string; exits: number[] } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => (text += String(chunk)));
  const exits: number[] = [];
  return { interrupts: new Interrupts(stream, (code) => void exits.push(code)), output: () => text, exits };
}

function handlers(started: string[], log: string[]): InterruptHandlers {
  return { started: () => started, stop: async () => void log.push(`stop ${started.join(',')}`), kill: () => void log.push('kill') };
}

describe(Interrupts.name, () => {
  it('names every service it stops: a run that started the selector, trainer and llm-worker', async () => {
    const { interrupts: subject, output, exits } = interrupts();
    const log: string[] = [];
    subject.register(handlers(['selector', 'trainer', 'llm-worker'], log));
    await subject.interrupt('SIGINT');
    assert.equal(output(), '\nalkdrec: SIGINT: stopping the selector, trainer and llm-worker started by this command (again to force)\n');
    assert.deepEqual(log, ['stop selector,trainer,llm-worker']);
    assert.deepEqual(exits, [130]);
  });

  it('names the trainer alone when that is what the command started', async () => {
    const { interrupts: subject, output } = interrupts();
    subject.register(handlers(['trainer'], []));
    await subject.interrupt('SIGTERM');
    assert.equal(output(), '\nalkdrec: SIGTERM: stopping the trainer started by this command (again to force)\n');
  });

  it('names nothing when the command started nothing (services already running are left alone)', async () => {
    const { interrupts: subject, output, exits } = interrupts();
    const log: string[] = [];
    subject.register(handlers([], log));
    await subject.interrupt('SIGINT');
    assert.equal(output(), '\nalkdrec: SIGINT: stopping (again to force)\n');
    assert.deepEqual([log, exits], [['stop '], [130]]);
  });

  it('exits at once on a second signal, and forgets a command that unregistered', async () => {
    const { interrupts: subject, output, exits } = interrupts();
    const log: string[] = [];
    subject.register(handlers(['trainer'], log))();
    const first = subject.interrupt('SIGINT');
    await subject.interrupt('SIGINT');
    await first;
    assert.match(output(), /SIGINT: stopping \(again to force\)\n\nalkdrec: SIGINT again, stopping now\n$/);
    assert.deepEqual([log, exits], [[], [130, 130]]);
  });
});
