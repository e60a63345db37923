import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueName } from '@alkdrec/contracts';
import { QueueFactory } from '@alkdrec/service-kit';
import { deleteKeysByPrefix } from '@alkdrec/service-kit/testing';
import type { Queue } from 'bullmq';
import { CliError } from '../cli-error';
import type { ProgressReporter } from '../output/progress-reporter';
import { ensureTrainer } from './ensure-trainer';
import { ServiceProcess } from '../services/service-process';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Stands in for apps/trainer/dist/main.js: a BullMQ worker that drains on SIGTERM. */
const FAKE_TRAINER = `
const { Worker } = require(${JSON.stringify(require.resolve('bullmq'))});
const mode = process.env.FAKE_MODE;
if (mode === 'crash') { console.error('boom: config invalid'); process.exit(3); }
if (mode === 'dies-later') setTimeout(() => { console.error('out of memory'); process.exit(5); }, 1000);
const worker = new Worker(${JSON.stringify(QueueName.Trainer)}, async () => 'ok', {
  connection: { url: process.env.REDIS_URL, maxRetriesPerRequest: null },
  prefix: process.env.BULLMQ_PREFIX,
});
worker.on('ready', () => console.log('worker ready'));
process.on('SIGTERM', async () => {
  if (mode === 'stubborn') return console.log('ignoring SIGTERM');
  await worker.close();
  console.log('closed gracefully');
  process.exit(0);
});
`;

describe(ServiceProcess.name, () => {
  let dir: string;
  let entry: string;
  let queue: Queue;
  let prefix: string;
  const started: ServiceProcess[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trainer-process-'));
    entry = join(dir, 'fake-trainer.js');
    writeFileSync(entry, FAKE_TRAINER);
    prefix = `test-cli-spawn-${process.pid}-${Date.now().toString(36)}`;
    queue = new QueueFactory({ redisUrl: REDIS_URL, prefix }, { error: () => undefined }).queue(QueueName.Trainer);
    await queue.waitUntilReady();
  });

  after(async () => {
    for (const trainer of started) trainer.kill();
    await queue.close();
    await deleteKeysByPrefix(REDIS_URL, prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  function start(mode = 'normal', log = 'trainer.log'): ServiceProcess {
    const trainer = ServiceProcess.start({
      entry,
      env: { ...process.env, REDIS_URL, BULLMQ_PREFIX: prefix, FAKE_MODE: mode },
      logFile: join(dir, 'logs', log),
    });
    started.push(trainer);
    return trainer;
  }

  it('waits until the trainer connects to the queue, then stops it gracefully', async () => {
    const trainer = start('normal', 'graceful.log');
    await trainer.waitUntilConnected(queue, 15_000, 50);
    assert.ok((await queue.getWorkersCount()) > 0);
    const exit = await trainer.stop(10_000);
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.match(readFileSync(trainer.logFile, 'utf8'), /closed gracefully/);
  });

  it('reports a trainer that dies at startup with its exit code and last log lines', async () => {
    const trainer = start('crash', 'crash.log');
    await assert.rejects(trainer.waitUntilConnected(queue, 15_000, 50), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.match(error.message, /exited with code 3 before connecting/);
      assert.match(error.message, /boom: config invalid/);
      return true;
    });
  });

  it('reports a trainer that dies after connecting, instead of waiting for the job forever', async () => {
    const trainer = start('dies-later', 'dies-later.log');
    await trainer.waitUntilConnected(queue, 15_000, 50);
    await assert.rejects(trainer.crashed(), /exited with code 5 while the job was pending[\s\S]*out of memory/);
  });

  it('does not count a requested stop as a crash', async () => {
    const trainer = start('normal', 'stopped.log');
    await trainer.waitUntilConnected(queue, 15_000, 50);
    let settled = false;
    trainer.crashed().then(
      () => (settled = true),
      () => (settled = true),
    );
    await trainer.stop(10_000);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(settled, false);
  });

  it('kills a trainer that ignores SIGTERM once the stop timeout passes', async () => {
    const trainer = start('stubborn', 'stubborn.log');
    await trainer.waitUntilConnected(queue, 15_000, 50);
    const exit = await trainer.stop(300);
    assert.equal(exit.signal, 'SIGKILL');
  });
});

describe(ensureTrainer.name, () => {
  it('with --no-spawn and no trainer, starts nothing and says it waits', async () => {
    const notes: string[] = [];
    const reporter: ProgressReporter = { update: () => undefined, note: (t) => notes.push(t), stop: () => undefined };
    const queue = { name: QueueName.Trainer, getWorkersCount: async () => 0 } as unknown as Queue;
    let startedOne = false;
    const trainer = await ensureTrainer({
      queue,
      spawn: false,
      startTimeoutMs: 1_000,
      reporter,
      start: () => {
        startedOne = true;
        throw new Error('must not start');
      },
    });
    assert.equal(trainer, undefined);
    assert.equal(startedOne, false);
    assert.match(notes[0] ?? '', /waiting for one \(--no-spawn\)/);
  });

  it('uses a connected trainer instead of starting one', async () => {
    const reporter: ProgressReporter = { update: () => undefined, note: () => undefined, stop: () => undefined };
    const queue = { name: QueueName.Trainer, getWorkersCount: async () => 2 } as unknown as Queue;
    const trainer = await ensureTrainer({ queue, spawn: true, startTimeoutMs: 1_000, reporter, start: () => assert.fail('started a trainer') });
    assert.equal(trainer, undefined);
  });
});
