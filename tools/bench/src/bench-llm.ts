/**
 * `npm run bench:llm`: 500 ranking jobs through the real queue and llm-worker against the SIMULATED
 * provider (tools/fake-llm) answering after 5.3 s, the paper's GPT-4 latency (44 min for 500 calls
 * one at a time). Three runs, each on a fresh schema and queue prefix:
 *   1. anthropic (Messages API), 2. anthropic-batch (Message Batches: half price), 3. anthropic under
 *   a fault mix (20% 429/529/500, 5% malformed answers, 2% hanging requests), with its accounting
 *   checked against what the server injected.
 *
 * Options (env): BENCH_SESSIONS (500), BENCH_CONCURRENCY (64), BENCH_LATENCY_MS (5300),
 * BENCH_MODEL (claude-sonnet-4-5), BENCH_DATASET (movielens-hetrec2011), BENCH_RUNS
 * (anthropic,anthropic-batch,faults), REDIS_URL, TEST_DATABASE_URL.
 *
 * `npm run bench:llm -- --workers 1,2,4` instead runs the llm-worker as that many separate
 * processes (bench-llm-scale.ts): a table of throughput by worker count, then one under the
 * simulated provider's per-minute limit with the matching queue limiter, both with their accounting
 * checked. Its flags are in bench-llm-scale.ts; the env options above (but BENCH_CONCURRENCY and
 * BENCH_RUNS) apply too.
 */
import { runLlmBench, type BenchRunReport, type BenchRunSpec } from './bench-llm-run';
import { faultChecks, formatReports } from './bench-llm-report';
import { parseScaleArgs, runScaleBench } from './bench-llm-scale';

const PAPER = { calls: 500, wallMinutes: 44, usd: 8.6 };

async function main(): Promise<void> {
  const env = process.env;
  const sessions = Number(env['BENCH_SESSIONS'] ?? 500);
  const latencyMs = Number(env['BENCH_LATENCY_MS'] ?? 5300);
  const base: Omit<BenchRunSpec, 'label' | 'provider' | 'fakeArgs' | 'timeoutMs'> = {
    model: env['BENCH_MODEL'] ?? 'claude-sonnet-4-5',
    dataset: env['BENCH_DATASET'] ?? 'movielens-hetrec2011',
    sessions,
    concurrency: Number(env['BENCH_CONCURRENCY'] ?? 64),
    redisUrl: env['REDIS_URL'] || 'redis://127.0.0.1:6379',
  };
  const scale = parseScaleArgs(process.argv.slice(2), env);
  if (scale) {
    const { model, dataset, redisUrl } = base;
    const ok = await runScaleBench(scale, { model, dataset, redisUrl, provider: 'anthropic', timeoutMs: 30_000 }, latencyMs);
    process.exit(ok ? 0 : 1);
  }
  const latency = ['--latency-ms', String(latencyMs), '--seed', '7'];
  const all: Record<string, BenchRunSpec> = {
    anthropic: { ...base, label: 'anthropic', provider: 'anthropic', fakeArgs: latency, timeoutMs: 30_000 },
    'anthropic-batch': {
      ...base,
      label: 'anthropic-batch',
      provider: 'anthropic-batch',
      // A real batch takes minutes to hours; here it ends after the same 5.3 s, to compare cost, not speed.
      fakeArgs: [...latency, '--batch-processing-ms', String(latencyMs)],
      timeoutMs: 30_000,
    },
    faults: {
      ...base,
      label: 'anthropic + faults',
      provider: 'anthropic',
      fakeArgs: [
        ...latency,
        '--fault-429', '0.0667', '--fault-529', '0.0667', '--fault-500', '0.0666',
        '--fault-malformed', '0.05', '--fault-hang', '0.02', '--retry-after', '1',
      ],
      // A hanging request is given up after 8 s (longer than any real answer here) and retried.
      timeoutMs: 8_000,
    },
  };
  const chosen = (env['BENCH_RUNS'] ?? 'anthropic,anthropic-batch,faults').split(',').map((name) => name.trim());
  console.log(`bench:llm — ${sessions} ranking jobs of ${base.dataset}, fake provider latency ${latencyMs} ms, model ${base.model} (prices: libs/llm)`);
  const reports: BenchRunReport[] = [];
  for (const name of chosen) {
    const spec = all[name];
    if (!spec) throw new Error(`unknown run ${name}; one of ${Object.keys(all).join(', ')}`);
    console.log(`  running ${spec.label} …`);
    reports.push(await runLlmBench(spec));
  }
  console.log();
  console.log(formatReports(reports, PAPER));
  const faultReport = reports.find((r) => r.spec.label === 'anthropic + faults');
  let ok = true;
  if (faultReport) {
    const checks = faultChecks(faultReport);
    console.log(`\nfault-mix accounting (${faultReport.spec.label}):`);
    for (const check of checks) console.log(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.what}: ${check.detail}`);
    ok = checks.every((c) => c.ok);
  }
  const plain = reports.find((r) => r.spec.provider === 'anthropic' && r.spec.label === 'anthropic');
  const batch = reports.find((r) => r.spec.provider === 'anthropic-batch');
  if (plain && batch && plain.costUsd > 0) {
    console.log(`\nbatch / messages cost for the same ${sessions} sessions: ${(batch.costUsd / plain.costUsd).toFixed(3)}`);
  }
  if (plain) {
    const target = plain.wallMs <= 90_000 * (sessions / 500);
    console.log(`target (500 rankings at 5.3 s in ≤ 90 s): ${(plain.wallMs / 1000).toFixed(1)} s — ${target ? 'met' : 'MISSED'}`);
    ok &&= target;
  }
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
