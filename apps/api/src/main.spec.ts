import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findRepoRoot } from '@alkdrec/service-kit';
import { deleteKeysByPrefix, startEntryProcess, uniquePrefix, waitForLogLine } from '@alkdrec/service-kit/testing';

const MAIN = join(__dirname, 'main.js');
const IMAGE_ENTRY = join(findRepoRoot(__dirname), 'docker', 'start-role.js');
const TOKEN = 'main-spec-token-0123456789';

async function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const run = startEntryProcess(MAIN, env);
  const { code } = await run.exited;
  return { code, stderr: run.stderr(), stdout: run.lines().join('\n') };
}

/** The api as a process: what it refuses before Nest starts, and a start and stop. */
describe('api main', () => {
  const prefix = uniquePrefix('api-main');
  after(async () => {
    await deleteKeysByPrefix(process.env['REDIS_URL'] || 'redis://127.0.0.1:6379', prefix);
  });

  it('refuses to listen beyond loopback without tokens, naming the variables, exit 1', async () => {
    const { code, stderr, stdout } = await start({ HTTP_HOST: '0.0.0.0' });
    assert.equal(code, 1);
    assert.match(stderr, /^api: invalid configuration:\n {2}- API_TOKENS, API_TOKENS_FILE \(unset\): HTTP_HOST is 0\.0\.0\.0, not a loopback address/);
    assert.doesNotMatch(stdout, /ready/);
  });

  it("is the image's `api` role (docker/start-role.js), with the same refusal", async () => {
    const run = startEntryProcess(IMAGE_ENTRY, { ALKDREC_ROLES: 'api', HTTP_HOST: '0.0.0.0' });
    const { code } = await run.exited;
    assert.equal(code, 1);
    assert.match(run.stderr(), /^api: invalid configuration:\n {2}- API_TOKENS, API_TOKENS_FILE \(unset\)/);
  });

  it('refuses a short token and a bad limit without echoing the token, exit 1', async () => {
    const { code, stderr } = await start({ API_TOKENS: 'too-short', API_UPLOAD_LIMIT_BYTES: 'lots' });
    assert.equal(code, 1);
    assert.match(stderr, /API_UPLOAD_LIMIT_BYTES/);
    const tokens = await start({ API_TOKENS: 'too-short' });
    assert.match(tokens.stderr, /API_TOKENS: token 1 is 9 characters long; tokens need at least 16/);
    assert.doesNotMatch(tokens.stderr, /too-short/);
  });

  it('refuses a role it does not have, exit 1', async () => {
    const { code, stderr } = await start({ ALKDREC_ROLES: 'trainer' });
    assert.equal(code, 1);
    assert.match(stderr, /unknown role trainer; valid: api or all/);
  });

  it('starts beyond loopback with a token, answers probes, and exits 0 on SIGTERM', async () => {
    const run = startEntryProcess(MAIN, { HTTP_HOST: '0.0.0.0', API_TOKENS: TOKEN, BULLMQ_PREFIX: prefix });
    try {
      const ready = (await waitForLogLine(run, /api ready for probes on/)) as { url: string };
      const port = new URL(ready.url).port;
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      assert.equal(live.status, 200);
      const dashboard = await fetch(`http://127.0.0.1:${port}/queues`);
      assert.equal(dashboard.status, 401);
    } finally {
      run.kill('SIGTERM');
    }
    const exit = await run.exited;
    assert.ok(exit.code === 0 || exit.signal === 'SIGTERM', JSON.stringify(exit));
    assert.doesNotMatch(run.lines().join('\n'), new RegExp(TOKEN));
  });
});
