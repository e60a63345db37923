import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { QueueName } from '@alkdrec/contracts';
import { deleteKeysByPrefix, uniquePrefix } from '@alkdrec/service-kit';

const MAIN = join(__dirname, 'main.js');
const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

interface Run {
  lines: () => string[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => void;
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env['PATH'] ?? '', REDIS_URL, DATABASE_URL: process.env['DATABASE_URL'] ?? '', HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', ...env },
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

async function waitForLine(run: Run, pattern: RegExp, count = 1, timeoutMs = 20_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const lines = run.lines().filter((l) => pattern.test(l));
    if (lines.length >= count) return JSON.parse(lines[count - 1] as string) as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no log line matching ${pattern}; stdout:\n${run.lines().join('\n')}\nstderr:\n${run.stderr()}`);
}

/** The llm-worker as a process: config refusal, roles, health, SIGTERM drain, the key never shown. */
describe('llm-worker main', () => {
  it('refuses a bad configuration before starting, listing every bad variable, exit 1', async () => {
    const run = start({ LLM_PROVIDER: 'gpt', LLM_RANKING_CONCURRENCY: '0', LLM_TIMEOUT_MS: 'soon' });
    assert.equal((await run.exited).code, 1);
    for (const variable of ['LLM_PROVIDER', 'LLM_RANKING_CONCURRENCY', 'LLM_TIMEOUT_MS']) assert.match(run.stderr(), new RegExp(variable));
    assert.deepEqual(run.lines(), [], 'nothing should start');
  });

  it('refuses a real provider without its API key, naming the variable', async () => {
    const run = start({ LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-haiku-4-5' });
    assert.equal((await run.exited).code, 1);
    assert.match(run.stderr(), /ANTHROPIC_API_KEY/);
  });

  it('refuses an unknown role', async () => {
    const run = start({ ALKDREC_ROLES: 'llm-wroker' });
    assert.equal((await run.exited).code, 1);
    assert.match(run.stderr(), /unknown role llm-wroker; valid: llm-worker or all/);
  });

  it('serves live and ready with both LLM queues, never logs the key, and drains on SIGTERM', async () => {
    const prefix = uniquePrefix('llm-worker-main');
    const key = 'sk-ant-test-never-logged-1234';
    const run = start({ BULLMQ_PREFIX: prefix, LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-haiku-4-5', ANTHROPIC_API_KEY: key });
    try {
      const ready = await waitForLine(run, /ready for probes/);
      await waitForLine(run, /worker started on/, 2);
      assert.equal(ready['service'], 'llm-worker');
      const url = String(ready['url']);
      assert.equal((await fetch(`${url}/health/live`)).status, 200);
      const response = await fetch(`${url}/health/ready`);
      const body = (await response.json()) as { info: Record<string, { status: string }> };
      assert.equal(response.status, 200, JSON.stringify(body));
      for (const queue of [QueueName.LlmRanking, QueueName.LlmHints]) assert.equal(body.info[`queue:${queue}`]?.status, 'up');

      run.kill('SIGTERM');
      const exit = await run.exited;
      assert.ok(exit.signal === 'SIGTERM' || exit.code === 0, `exited with ${JSON.stringify(exit)}`);
      assert.ok(run.lines().some((l) => /worker on alkdrec\.llm\.ranking closed/.test(l)));
      assert.ok(!run.lines().some((l) => l.includes(key)) && !run.stderr().includes(key), 'the API key was logged');
    } finally {
      run.kill('SIGKILL');
      await deleteKeysByPrefix(REDIS_URL, prefix);
    }
  });
});
