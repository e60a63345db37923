/**
 * `npm run bench:serve` (or `node tools/bench/dist/bench-serve.js` after a build): the api's
 * `POST /v1/recommend` under load. For movielens-hetrec2011 and amazon-games (imported into a fresh
 * schema), a student (d = 10) of each backbone with random weights is promoted in turn on the api,
 * started as its own process like the image runs it (NODE_ENV=production, LOG_LEVEL=warn); then
 * autocannon, in this process on the same machine, sends real test sessions (bodies rotated through
 * the test split) at a fixed 1,000 requests/s for 30 s: p50 / p99 / max latency, errors and non-2xx.
 * Then the highest rate whose p99 stays under 10 ms: 10 s steps, doubling from 2,000, then bisecting.
 *
 * Autocannon keeps a rate in bursts (see serve/load-at-rate.ts): the latencies are those of 10
 * connections sending each second's requests back to back.
 *
 * Options (env): BENCH_SECONDS (30), BENCH_RATE (1000), BENCH_STEP_SECONDS (10), BENCH_SEARCH (1; 0 skips the search),
 * BENCH_CONNECTIONS (10), BENCH_DATASETS (comma-separated), BENCH_API_NODE_OPTIONS (NODE_OPTIONS of the api process;
 * none by default, as the image runs it), BENCH_API_LOG_LEVEL (warn), TEST_DATABASE_URL.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { textTable } from '@alkdrec/text-table';
import { promote, startApiProcess, type ApiProcess } from './serve/api-process';
import { loadAtRate, passes, type LoadResult } from './serve/load-at-rate';
import { machineLoad } from './serve/machine-load';
import { prepareServeFixture, type ServedCase } from './serve/serve-fixture';

const P99_LIMIT_MS = 10;
const WARM_UP_SECONDS = 5;
const MAX_RATE = 64_000;
const BISECTIONS = 3;

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '-');

async function highestRate(api: ApiProcess, bodies: readonly string[], stepSeconds: number, connections: number, start: LoadResult): Promise<{ rate: number; at: LoadResult | undefined; steps: string[] }> {
  const steps: string[] = [];
  const step = async (rate: number) => {
    const result = await loadAtRate(api.url, bodies, rate, stepSeconds, connections);
    steps.push(`${rate}/s: p50 ${ms(result.p50)} ms, p99 ${ms(result.p99)} ms, max ${ms(result.max)} ms, ${result.achieved.toFixed(0)}/s answered, ${result.errors + result.non2xx} failed → ${passes(result, P99_LIMIT_MS) ? 'pass' : 'fail'}`);
    return result;
  };
  if (!passes(start, P99_LIMIT_MS)) return { rate: 0, at: undefined, steps: ['fails at the base rate'] };
  let good = { rate: start.rate, at: start };
  let bad: number | undefined;
  for (let rate = start.rate * 2; rate <= MAX_RATE && bad === undefined; rate *= 2) {
    const result = await step(rate);
    if (passes(result, P99_LIMIT_MS)) good = { rate, at: result };
    else bad = rate;
  }
  for (let i = 0; i < BISECTIONS && bad !== undefined; i++) {
    const rate = Math.round((good.rate + bad) / 2 / 100) * 100;
    if (rate <= good.rate || rate >= bad) break;
    const result = await step(rate);
    if (passes(result, P99_LIMIT_MS)) good = { rate, at: result };
    else bad = rate;
  }
  return { ...good, steps };
}

async function main(): Promise<void> {
  const seconds = env('BENCH_SECONDS', 30);
  const rate = env('BENCH_RATE', 1000);
  const stepSeconds = env('BENCH_STEP_SECONDS', 10);
  const search = env('BENCH_SEARCH', 1) !== 0;
  const connections = env('BENCH_CONNECTIONS', 10);
  const nodeOptions = process.env['BENCH_API_NODE_OPTIONS'] ?? '';
  const logLevel = process.env['BENCH_API_LOG_LEVEL'] ?? 'warn';
  const datasets = (process.env['BENCH_DATASETS'] ?? 'movielens-hetrec2011,amazon-games').split(',');
  const log = (line: string) => console.log(`[bench:serve] ${line}`);
  log(`node ${process.version}; api and autocannon on the same machine (loopback)`);
  log(`before: ${machineLoad([process.pid])}`);
  const fixture = await prepareServeFixture(datasets, log);
  const logFile = path.join(tmpdir(), `alkdrec-bench-serve-${process.pid}.log`);
  const api = await startApiProcess(fixture.db, logFile, { nodeOptions, logLevel });
  // Ctrl-C: stop the api and drop the schema before leaving.
  process.once('SIGINT', () => void Promise.allSettled([api.stop(), fixture.db.drop()]).then(() => process.exit(130)));
  log(`api pid ${api.process.pid} on ${api.url} (log: ${logFile}; LOG_LEVEL=${logLevel}, NODE_OPTIONS ${nodeOptions || 'unset'}); students with random weights (syntheticCheckpoint), d = 10, k = 10, excludeSeen; ${connections} connections`);
  const rows: string[][] = [];
  try {
    for (const served of fixture.cases) {
      const bodies = fixture.bodies.get(served.dataset) as string[];
      await promote(api, served.modelId);
      await loadAtRate(api.url, bodies, rate, WARM_UP_SECONDS, connections); // lets V8 optimise the new model's path
      const fixed = await loadAtRate(api.url, bodies, rate, seconds, connections);
      log(`${label(served)} at ${rate}/s for ${seconds} s: p50 ${ms(fixed.p50)} ms, p99 ${ms(fixed.p99)} ms, max ${ms(fixed.max)} ms, ${fixed.sent} sent, ${fixed.errors} errors, ${fixed.non2xx} non-2xx`);
      const best = search ? await highestRate(api, bodies, stepSeconds, connections, fixed) : undefined;
      for (const line of best?.steps ?? []) log(`  ${label(served)} search: ${line}`);
      rows.push([
        served.dataset, String(served.itemCount), served.backbone, ms(fixed.p50), ms(fixed.p99), ms(fixed.max),
        String(fixed.errors), String(fixed.non2xx), best === undefined ? '-' : String(best.rate),
      ]);
    }
  } finally {
    log(`after: ${machineLoad([process.pid, api.process.pid ?? -1])}`);
    await api.stop();
    await fixture.db.drop();
  }
  console.log();
  console.log(`POST /v1/recommend at ${rate} requests/s (autocannon overallRate, ${connections} connections) for ${seconds} s (latency in ms, as autocannon timed each request but each connection's first, see serve/load-at-rate.ts); highest rate with p99 < ${P99_LIMIT_MS} ms in ${stepSeconds} s steps:`);
  console.log(
    textTable([['dataset', 'items', 'backbone', 'p50', 'p99', 'max', 'errors', 'non-2xx', 'max rate p99<10ms'], ...rows], { ruleUnderHeader: true }),
  );
}

function label(served: ServedCase): string {
  return `${served.dataset} ${served.backbone}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
