import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(__dirname, 'main.js');

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env['PATH'] ?? '', HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

/** The selector as a process, before Nest starts (its SIGTERM drain: runs/run-shutdown.spec.ts). */
describe('selector main', () => {
  it('refuses a bad configuration, naming every bad variable, exit 1', async () => {
    const { code, stderr } = await start({ RUNS_CONCURRENCY: '0', LLM_RANKING_ATTEMPTS: 'many' });
    assert.equal(code, 1);
    assert.match(stderr, /^selector: /);
    assert.match(stderr, /RUNS_CONCURRENCY/);
    assert.match(stderr, /LLM_RANKING_ATTEMPTS/);
  });

  it('refuses a role it does not have, exit 1', async () => {
    const { code, stderr } = await start({ ALKDREC_ROLES: 'llm-worker' });
    assert.equal(code, 1);
    assert.match(stderr, /unknown role llm-worker; valid: selector or all/);
  });
});
