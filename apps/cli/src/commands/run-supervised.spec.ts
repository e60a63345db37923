import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropSchema } from '@alkdrec/db/testing';
import { deleteKeysByPrefix } from '@alkdrec/service-kit/testing';

const MAIN = join(__dirname, '..', 'main.js');
const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test';
const RUN = ['run', '--dataset', 'movielens-hetrec2011', '--backbone', 'fpmc', '--budget', '20', '--max-steps', '20'];
const GENEROUS_MS = 120_000;

/** Resolves with what `probe` finds, checking until it finds something (or a generous time has passed). */
async function waitUntil<T>(probe: () => T | undefined, what: string, shown: () => string): Promise<T> {
  const deadline = Date.now() + GENEROUS_MS;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${GENEROUS_MS} ms:\n${shown()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The child of `parentPid` running `entry`, read from Linux's /proc: found without the launcher's
 * help, so the kill does not depend on what is being tested.
 */
function childRunning(parentPid: number, entry: string): number | undefined {
  const children = readFileSync(`/proc/${parentPid}/task/${parentPid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  return children.find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(entry);
    } catch {
      return false; // gone meanwhile
    }
  });
}

/**
 * `alkdrec run` with the real services, one of which is SIGKILLed once the run is under way: the
 * launcher restarts it, the run finishes, and the CLI says what happened. (Before the launcher
 * supervised, the kill stopped every role and the CLI exited 1.)
 */
describe('alkdrec run when a service it started dies', { timeout: 300_000 }, () => {
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const schema = `test_cli_supervised_${stamp}`;
  const prefix = `test-cli-supervised-${stamp}`;
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'alkdrec-cli-supervised-'))));
  after(async () => {
    await dropSchema(DATABASE_URL, schema);
    await deleteKeysByPrefix(REDIS_URL, prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts a SIGKILLed llm-worker, finishes the run, and notes the exit and the restart', async () => {
    const env = { ...process.env, DATABASE_URL, REDIS_URL, DATABASE_SCHEMA: schema, BULLMQ_PREFIX: prefix, ARTIFACT_STORE: join(dir, 'artifacts') };
    const cli = spawn(process.execPath, [MAIN, ...RUN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    cli.stdout.on('data', (chunk) => (stdout += String(chunk)));
    cli.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
    try {
      const launcher = await waitUntil(() => stderr.match(/started selector, trainer, llm-worker in one process group \(pid (\d+)/)?.[1], 'start note', () => stderr);
      await waitUntil(() => stderr.match(/selector, trainer, llm-worker connected/)?.[0], 'connected note', () => stderr);
      const llmWorker = await waitUntil(() => childRunning(Number(launcher), join('apps', 'llm-worker', 'dist', 'main.js')), 'llm-worker process', () => stderr);
      process.kill(llmWorker, 'SIGKILL');

      assert.equal(await exited, 0, stderr);
      assert.match(stderr, /\[run\] llm-worker exited \(signal SIGKILL\); restarting it in 1 s \(restart 1 of 5 in 10 min\)/);
      assert.match(stderr, /\[run\] llm-worker restarted \(pid \d+; restart 1 of 5 in 10 min\)/);
      assert.match(stdout, /^LLM \(replay\): 20 sessions selected — 20 ranked;/m);
    } finally {
      cli.kill('SIGTERM');
      await exited;
    }
  });
});
