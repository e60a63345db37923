import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDrill } from './drill';
import { defaultDrillOptions, type DrillOptions } from './drill-options';
import { formatDrillReport } from './drill-report';
import { failedChecks } from './scenario-checks';

/**
 * `npm run drill`, short: scenarios a (faults only) and b (an llm-worker SIGKILLed mid-rank) with
 * real service processes against the SIMULATED Anthropic server under the full fault mix, on a
 * smaller dataset, budget and training. Asserts the "done when" for both.
 */
describe('npm run drill, short: faults only, then an llm-worker SIGKILLed mid-rank', { timeout: 240_000 }, () => {
  let outDir: string;
  before(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'alkdrec-drill-'));
  });
  after(() => rm(outDir, { recursive: true, force: true }));

  it('completes both with the same selection, answers and distilled metrics, and our request count bounded by the server’s', async (t) => {
    const defaults = defaultDrillOptions(join(__dirname, '..', '..', '..'));
    const options: DrillOptions = {
      ...defaults,
      scenarios: ['a', 'b'],
      budget: 20,
      maxSteps: 30,
      dataset: { items: 150, sessions: 200, repeated: 20, seed: 1 },
      scenarioTimeoutMs: 120_000,
      outDir,
      databaseUrl: process.env['TEST_DATABASE_URL'] || defaults.databaseUrl,
    };
    const { runs, baseline, failures } = await runDrill(options, (line) => t.diagnostic(line));
    for (const line of formatDrillReport(runs, baseline).split('\n')) t.diagnostic(line);

    const [a, b] = runs;
    assert.ok(a && b);
    assert.deepEqual(failedChecks(a, baseline), [], 'a: faults only');
    assert.deepEqual(failedChecks(b, baseline), [], 'b: an llm-worker SIGKILLed mid-rank');
    assert.equal(failures, 0);
    // The checks above compared something real: b was struck mid-rank, and the selection holds
    // sessions whose prompts coincide, each asked once (no prompt answered twice in a).
    assert.ok(b.disturbance?.done && b.disturbance.what.startsWith('SIGKILL llm-worker-1'), JSON.stringify(b.disturbance));
    assert.ok(a.snapshot.repeated.rows > 0, 'the selection holds sessions that share a prompt');
    assert.equal(a.snapshot.selection.length, options.budget);
    assert.ok((a.fake.faults['rate-limit-429'] ?? 0) + (a.fake.faults['overloaded-529'] ?? 0) + (a.fake.faults['server-error-500'] ?? 0) > 0, 'faults were injected');
  });
});
