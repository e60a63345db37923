import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { QueueName } from '@alkdrec/contracts';
import { createTestDatabase } from '@alkdrec/db/testing';
import { deleteKeysByPrefix, startEntryProcess, uniquePrefix, waitForLogLine } from '@alkdrec/service-kit/testing';

const MAIN = join(__dirname, 'main.js');
const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

/** The llm-worker as a process: config refusal, roles, health, SIGTERM drain, the key never shown. */
describe('llm-worker main', () => {
  it('refuses a bad configuration before starting, listing every bad variable, exit 1', async () => {
    const run = startEntryProcess(MAIN, { LLM_PROVIDER: 'gpt', LLM_RANKING_CONCURRENCY: '0', LLM_TIMEOUT_MS: 'soon' });
    assert.equal((await run.exited).code, 1);
    for (const variable of ['LLM_PROVIDER', 'LLM_RANKING_CONCURRENCY', 'LLM_TIMEOUT_MS']) assert.match(run.stderr(), new RegExp(variable));
    assert.deepEqual(run.lines(), [], 'nothing should start');
  });

  it('refuses a real provider without its API key, naming the variable', async () => {
    const run = startEntryProcess(MAIN, { LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-haiku-4-5' });
    assert.equal((await run.exited).code, 1);
    assert.match(run.stderr(), /ANTHROPIC_API_KEY/);
  });

  it('refuses a malformed ANTHROPIC_BASE_URL, naming it', async () => {
    const run = startEntryProcess(MAIN, { LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-haiku-4-5', ANTHROPIC_API_KEY: 'sk', ANTHROPIC_BASE_URL: 'localhost:8787' });
    assert.equal((await run.exited).code, 1);
    assert.match(run.stderr(), /ANTHROPIC_BASE_URL must be an http:\/\/ or https:\/\/ URL/);
  });

  it('refuses an unknown role', async () => {
    const run = startEntryProcess(MAIN, { ALKDREC_ROLES: 'llm-wroker' });
    assert.equal((await run.exited).code, 1);
    assert.match(run.stderr(), /unknown role llm-wroker; valid: llm-worker or all/);
  });

  it('says where it sends, serves live and ready with both LLM queues, never logs the key, and drains on SIGTERM', async () => {
    const prefix = uniquePrefix('llm-worker-main');
    const key = 'sk-ant-test-never-logged-1234';
    const db = await createTestDatabase();
    // Credentials in the URL, as some proxies take them: only the origin may be logged. Nothing is sent (no jobs).
    const baseUrl = `http://proxy-user:${key}@127.0.0.1:9/anthropic`;
    const run = startEntryProcess(MAIN, {
      BULLMQ_PREFIX: prefix,
      DATABASE_URL: db.databaseUrl,
      DATABASE_SCHEMA: db.schema,
      LLM_PROVIDER: 'anthropic',
      LLM_MODEL: 'claude-haiku-4-5',
      ANTHROPIC_API_KEY: key,
      ANTHROPIC_BASE_URL: baseUrl,
    });
    try {
      const provider = await waitForLogLine(run, /"provider":"anthropic"/);
      assert.equal(provider['msg'], 'provider anthropic, model claude-haiku-4-5, sends to http://127.0.0.1:9 (from ANTHROPIC_BASE_URL)');
      const ready = await waitForLogLine(run, /ready for probes/);
      await waitForLogLine(run, /worker started on/, 2);
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
      const [worker] = await db.prisma.llmWorker.findMany();
      assert.ok(worker?.stoppedAt, 'a graceful stop frees its claims at once');
    } finally {
      run.kill('SIGKILL');
      await deleteKeysByPrefix(REDIS_URL, prefix);
      await db.drop();
    }
  });
});
