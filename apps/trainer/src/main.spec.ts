import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { QueueName } from '@alkdrec/contracts';
import { deleteKeysByPrefix } from '@alkdrec/service-kit';

const MAIN = join(__dirname, 'main.js');

interface Run {
  lines: () => string[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => void;
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env['PATH'] ?? '',
      REDIS_URL: process.env['REDIS_URL'] ?? '',
      DATABASE_URL: process.env['DATABASE_URL'] ?? '',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += String(chunk)));
  child.stderr.on('data', (chunk) => (err += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { lines: () => out.split('\n').filter(Boolean), stderr: () => err, exited, kill: (s) => child.kill(s) };
}

async function waitForLine(run: Run, pattern: RegExp, timeoutMs = 20_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = run.lines().find((l) => pattern.test(l));
    if (line) return JSON.parse(line) as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no log line matching ${pattern}; stdout:\n${run.lines().join('\n')}\nstderr:\n${run.stderr()}`);
}

/** The trainer service as a process: config validation, health endpoints, SIGTERM drain. */
describe('trainer main', () => {
  it('refuses a bad configuration before starting, listing every bad variable, exit 1', async () => {
    const run = start({ TF_BACKEND: 'cuda', TRAINER_CONCURRENCY: '0', LOG_LEVEL: 'chatty' });
    const { code } = await run.exited;
    assert.equal(code, 1);
    for (const variable of ['TF_BACKEND', 'TRAINER_CONCURRENCY', 'LOG_LEVEL']) assert.match(run.stderr(), new RegExp(variable));
    assert.deepEqual(run.lines(), [], 'nothing should start');
  });

  it('refuses an unknown role, naming the valid ones', async () => {
    const run = start({ ALKDREC_ROLES: 'trainer,llm-wroker' });
    assert.equal((await run.exited).code, 1);
    assert.match(run.stderr(), /unknown role llm-wroker; valid: trainer or all/);
  });

  it('serves live and ready, then drains and exits on SIGTERM', async () => {
    const prefix = `test-trainer-main-${process.pid}-${Date.now().toString(36)}`;
    const run = start({ BULLMQ_PREFIX: prefix, ALKDREC_ROLES: 'trainer' });
    try {
      const ready = await waitForLine(run, /ready for probes/);
      const url = String(ready['url']);
      await waitForLine(run, /worker started on/);
      assert.equal(ready['service'], 'trainer');

      assert.equal((await fetch(`${url}/health/live`)).status, 200);
      const response = await fetch(`${url}/health/ready`);
      const body = (await response.json()) as { info: Record<string, { status: string }> };
      assert.equal(response.status, 200, JSON.stringify(body));
      assert.equal(body.info[`queue:${QueueName.Trainer}`]?.status, 'up');
      assert.equal(body.info['workers']?.status, 'up');

      run.kill('SIGTERM');
      const exit = await run.exited;
      // Nest re-raises the signal after its shutdown hooks ran.
      assert.ok(exit.signal === 'SIGTERM' || exit.code === 0, `exited with ${JSON.stringify(exit)}`);
      assert.ok(run.lines().some((l) => /worker on alkdrec\.trainer closed/.test(l)), 'the worker was not closed');
      for (const line of run.lines()) assert.doesNotThrow(() => JSON.parse(line), `not a JSON log line: ${line}`);
    } finally {
      run.kill('SIGKILL');
      await deleteKeysByPrefix(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', prefix);
    }
  });
});
