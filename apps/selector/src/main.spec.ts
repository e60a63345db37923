import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startEntryProcess } from '@alkdrec/service-kit/testing';

const MAIN = join(__dirname, 'main.js');

async function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const run = startEntryProcess(MAIN, env);
  const { code } = await run.exited;
  return { code, stderr: run.stderr() };
}

/** The selector as a process, before Nest starts (its SIGTERM drain: runs/run-shutdown.spec.ts). */
describe('selector main', () => {
  it('refuses a bad configuration, naming every bad variable, exit 1', async () => {
    const { code, stderr } = await start({ RUNS_CONCURRENCY: '0', LLM_RANKING_ATTEMPTS: 'many', RUNS_REDRIVE_INTERVAL_MS: '10' });
    assert.equal(code, 1);
    assert.match(stderr, /^selector: /);
    assert.match(stderr, /RUNS_CONCURRENCY/);
    assert.match(stderr, /LLM_RANKING_ATTEMPTS/);
    assert.match(stderr, /RUNS_REDRIVE_INTERVAL_MS/);
  });

  it('refuses a role it does not have, exit 1', async () => {
    const { code, stderr } = await start({ ALKDREC_ROLES: 'llm-worker' });
    assert.equal(code, 1);
    assert.match(stderr, /unknown role llm-worker; valid: selector or all/);
  });
});
