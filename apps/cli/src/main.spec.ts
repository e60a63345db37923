import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueName } from '@alkdrec/contracts';
import { deleteKeysByPrefix } from '@alkdrec/service-kit';

const MAIN = join(__dirname, 'main.js');

/**
 * Stands in for the trainer service (no TensorFlow): a BullMQ worker on the trainer queue that
 * answers evaluate jobs by model id, and drains on SIGTERM like the real one.
 */
const FAKE_TRAINER = `
const { Worker, UnrecoverableError } = require(${JSON.stringify(require.resolve('bullmq'))});
const worker = new Worker(${JSON.stringify(QueueName.Trainer)}, async (job) => {
  const { modelId, split } = job.data;
  if (modelId === 'broken') throw new UnrecoverableError('model broken does not exist');
  if (modelId === 'slow') await new Promise((r) => setTimeout(r, 60000));
  await job.updateProgress({ phase: 'evaluating', done: 1, total: 2 });
  await job.updateProgress({ phase: 'done', done: 1, total: 1 });
  return { modelId, split, sessionCount: 2465, wallMs: 12, metrics: { recall5: 0.01, ndcg5: 0.005, recall10: 0.02, ndcg10: 0.008 } };
}, { connection: { url: process.env.REDIS_URL, maxRetriesPerRequest: null }, prefix: process.env.BULLMQ_PREFIX });
process.on('SIGTERM', async () => { await worker.close(true); console.log('fake trainer stopped'); process.exit(0); });
`;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built `alkdrec` binary as a user runs it, against Redis with a prefix of its own. */
describe('alkdrec (the binary)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'alkdrec-cli-'));
    writeFileSync(join(dir, 'fake-trainer.js'), FAKE_TRAINER);
    env = {
      ...process.env,
      BULLMQ_PREFIX: `test-cli-main-${process.pid}-${Date.now().toString(36)}`,
      ALKDREC_TRAINER_ENTRY: join(dir, 'fake-trainer.js'),
    };
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await deleteKeysByPrefix(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', String(env['BULLMQ_PREFIX']));
  });

  function run(args: string[], options: { interruptAfter?: RegExp; extraEnv?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [MAIN, ...args], { env: { ...env, ...options.extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let interrupted = false;
      child.stdout.on('data', (chunk) => (stdout += String(chunk)));
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
        if (options.interruptAfter && !interrupted && options.interruptAfter.test(stderr)) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  function trainerLogs(): string {
    const logs = join(__dirname, '..', '..', '..', '.alkdrec', 'logs');
    return readdirSync(logs)
      .map((name) => join(logs, name))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
  }

  it('starts a trainer when none is connected, prints the JSON result, stops the trainer, exit 0', async () => {
    const { code, stdout, stderr } = await run(['evaluate', '--model', 'good', '--split', 'valid', '--json']);
    assert.equal(code, 0, stderr);
    const document = JSON.parse(stdout) as { command: string; result: { modelId: string; split: string } };
    assert.equal(document.command, 'evaluate');
    assert.deepEqual([document.result.modelId, document.result.split], ['good', 'valid']);
    assert.match(stderr, /no trainer connected; started one/);
    assert.match(stderr, /\[evaluate\] evaluating 1\/2 sessions/);
    const pid = /started one \(pid (\d+)/.exec(stderr)?.[1];
    assert.ok(pid, 'no trainer pid');
    assert.throws(() => process.kill(Number(pid), 0), 'the trainer outlived the command');
  });

  it('runs the job again on a second run (the database, not the queue, decides reuse) and prints a table', async () => {
    const { code, stdout, stderr } = await run(['evaluate', '--model', 'good', '--split', 'valid']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /submitted job/);
    assert.match(stdout, /^valid  0\.01000  0\.00500  0\.02000  0\.00800$/m);
  });

  it('exits 1 with the job reason when the job fails', async () => {
    const { code, stdout, stderr } = await run(['evaluate', '--model', 'broken']);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /alkdrec: job evaluate \(evaluate-broken-test-[0-9a-f]+\) failed after 1 attempt: model broken does not exist/);
  });

  it('exits 2 with the valid choices for a bad flag, touching nothing', async () => {
    const { code, stderr } = await run(['evaluate', '--model', 'good', '--split', 'dev']);
    assert.equal(code, 2);
    assert.match(stderr, /Allowed choices are valid, test/);
  });

  it('exits 1 naming Redis when it is unreachable', async () => {
    const { code, stderr } = await run(['evaluate', '--model', 'good', '--no-spawn'], { extraEnv: { REDIS_URL: 'redis://127.0.0.1:1' } });
    assert.equal(code, 1);
    assert.match(stderr, /cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  it('on Ctrl-C while the trainer starts, stops it and exits 130', async () => {
    const { code, stderr } = await run(['evaluate', '--model', 'slow'], { interruptAfter: /started one/ });
    assert.equal(code, 130, stderr);
    const pid = /started one \(pid (\d+)/.exec(stderr)?.[1];
    assert.throws(() => process.kill(Number(pid), 0), 'the trainer outlived the command');
  });

  it('on Ctrl-C during a job, stops the trainer gracefully and exits 130', async () => {
    const { code, stderr } = await run(['evaluate', '--model', 'slow'], { interruptAfter: /\] trainer connected/ });
    assert.equal(code, 130, stderr);
    assert.match(stderr, /SIGINT: stopping the trainer started by this command/);
    const pid = /started one \(pid (\d+)/.exec(stderr)?.[1];
    assert.throws(() => process.kill(Number(pid), 0), 'the trainer outlived the command');
    assert.match(trainerLogs(), /fake trainer stopped/);
  });
});
