import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { QueueName } from '@alkdrec/contracts';
import { deleteKeysByPrefix, startEntryProcess, waitForLogLine } from '@alkdrec/service-kit/testing';

const MAIN = join(__dirname, 'main.js');

/** The trainer service as a process: config validation, health endpoints, SIGTERM drain. */
describe('trainer main', () => {
  it('refuses a bad configuration before starting, listing every bad variable, exit 1', async () => {
    const run = startEntryProcess(MAIN, { TF_BACKEND: 'cuda', TRAINER_CONCURRENCY: '0', LOG_LEVEL: 'chatty' });
    const { code } = await run.exited;
    assert.equal(code, 1);
    for (const variable of ['TF_BACKEND', 'TRAINER_CONCURRENCY', 'LOG_LEVEL']) assert.match(run.stderr(), new RegExp(variable));
    assert.deepEqual(run.lines(), [], 'nothing should start');
  });

  it('refuses an s3:// ARTIFACT_STORE without the AWS keys before starting, naming them, never a value', async () => {
    const run = startEntryProcess(MAIN, { ARTIFACT_STORE: 's3://alkdrec-models/prod', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: 'hunter2-secret' });
    assert.equal((await run.exited).code, 1);
    assert.match(run.stderr(), /the s3:\/\/ artifact store needs AWS_ACCESS_KEY_ID in the environment/);
    assert.doesNotMatch(run.stderr(), /hunter2-secret/);
    assert.deepEqual(run.lines(), [], 'nothing should start');
  });

  it('refuses an unknown role, naming the valid ones', async () => {
    const run = startEntryProcess(MAIN, { ALKDREC_ROLES: 'trainer,llm-wroker' });
    assert.equal((await run.exited).code, 1);
    assert.match(run.stderr(), /unknown role llm-wroker; valid: trainer or all/);
  });

  it('serves live and ready, then drains and exits on SIGTERM', async () => {
    const prefix = `test-trainer-main-${process.pid}-${Date.now().toString(36)}`;
    const run = startEntryProcess(MAIN, { BULLMQ_PREFIX: prefix, ALKDREC_ROLES: 'trainer' });
    try {
      const ready = await waitForLogLine(run, /ready for probes/);
      const url = String(ready['url']);
      await waitForLogLine(run, /worker started on/);
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
