import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULT_CLI_PORT, parseCliArgs, parseScheduleRule } from './cli-args';
import type { FakeLlmStats } from './stats';

describe('CLI arguments', () => {
  it('maps every flag to a server option', () => {
    const command = parseCliArgs([
      '--port', '0', '--seed', '9', '--latency-ms', 'normal:5300:800', '--dataset', 'movielens-hetrec2011', '--dataset', 'amazon-games',
      '--fault-429', '0.1', '--fault-529', '0.05', '--fault-500', '0.05', '--fault-hang', '0.02', '--fault-malformed', '0.05',
      '--fault-off-candidate', '0.01', '--schedule', '429:3', '--schedule', 'hang:1:messages:rank: these', '--retry-after', '2',
      '--batch-processing-ms', '500', '--ranking-length', '20', '--datasets-dir', '/data',
    ]);
    assert.deepEqual(command, {
      kind: 'serve',
      options: {
        port: 0,
        seed: 9,
        latencyMs: { kind: 'normal', meanMs: 5300, stdMs: 800 },
        datasets: ['movielens-hetrec2011', 'amazon-games'],
        datasetsDir: '/data',
        faults: { 'rate-limit-429': 0.1, 'overloaded-529': 0.05, 'server-error-500': 0.05, hang: 0.02, malformed: 0.05, 'off-candidate': 0.01 },
        schedule: [
          { fault: 'rate-limit-429', count: 3 },
          { fault: 'hang', count: 1, endpoint: 'messages', promptIncludes: 'rank: these' },
        ],
        retryAfterSeconds: 2,
        batchProcessingMs: 500,
        rankingLength: 20,
      },
    });
    assert.deepEqual(parseCliArgs([]), { kind: 'serve', options: { port: DEFAULT_CLI_PORT, faults: {}, schedule: [], datasets: [] } });
    assert.deepEqual(parseCliArgs(['-h']), { kind: 'help' });
  });

  it('refuses unknown flags, non-numbers and bad schedule rules', () => {
    assert.throws(() => parseCliArgs(['--fault-418', '0.1']));
    assert.throws(() => parseCliArgs(['--seed', 'many']), /--seed/);
    assert.throws(() => parseScheduleRule('teapot:1'), /unknown fault/);
    assert.throws(() => parseScheduleRule('429:x'), /count/);
    assert.throws(() => parseScheduleRule('429:1:somewhere'), /unknown endpoint/);
    assert.deepEqual(parseScheduleRule('off-candidate:2:*:x'), { fault: 'off-candidate', count: 2, promptIncludes: 'x' });
  });
});

describe('CLI process (dist/main.js)', () => {
  const main = path.join(__dirname, 'main.js');

  it('prints the bound URL, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [main, '--port', '0', '--fault-500', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const [url] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }) });
      assert.equal(response.status, 500);
      const stats = (await (await fetch(`${url}/_fake/stats`)).json()) as FakeLlmStats;
      assert.equal(stats.faults['server-error-500'], 1);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits 2 with the usage on a bad flag value', async () => {
    const child = spawn(process.execPath, [main, '--fault-hang', '1.5'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /hang probability must be in \[0, 1\]/);
    assert.match(stderr, /Usage:/);
  });
});
