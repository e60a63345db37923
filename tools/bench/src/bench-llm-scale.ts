import { parseArgs } from 'node:util';
import { runLlmBench, type BenchRunReport, type BenchRunSpec } from './bench-llm-run';
import type { Check } from './bench-llm-report';
import { accountingChecks, atLimitCheck, formatLimitedTable, formatScaleTable, noStormCheck } from './bench-llm-scale-report';

/** What `npm run bench:llm -- --workers …` runs; every field has a flag. */
export interface ScaleBenchOptions {
  /** Worker processes per run of the first table (--workers 1,2,4). */
  workers: number[];
  /** Jobs each worker runs at once (--concurrency). */
  concurrency: number;
  /** Rankings per run of the first table (BENCH_SESSIONS or --sessions). */
  sessions: number;
  /** Worker processes per run of the second table (--limited-workers 2,4; empty: no second table). */
  limitedWorkers: number[];
  /** Rankings per run of the second table (--limited-sessions). */
  limitedSessions: number;
  /** The simulated provider's limit (--rate-limit-rpm), requests per rolling minute. */
  rateLimitRpm: number;
  /** The queue limiter's window (--limiter-window-ms): the limit is spread over windows this long. */
  limiterWindowMs: number;
  /** How far under the provider's rate the queue limiter stays, in percent (--limiter-headroom-pct). */
  limiterHeadroomPct: number;
  /**
   * Adds to the second table a run of the most workers with no queue limiter (--control), to show
   * what the limiter prevents: only the workers' reaction to each 429 (the queue paused for the
   * retry-after) stands between them and the provider's limit.
   */
  control: boolean;
}

const USAGE = `npm run bench:llm -- --workers 1,2,4 [--concurrency 25] [--sessions 500]
    [--limited-workers 2,4] [--limited-sessions 380] [--rate-limit-rpm 360] [--limiter-window-ms 1000] [--limiter-headroom-pct 5] [--control]`;

export function parseScaleArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ScaleBenchOptions | undefined {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      workers: { type: 'string' },
      concurrency: { type: 'string' },
      sessions: { type: 'string' },
      'limited-workers': { type: 'string' },
      'limited-sessions': { type: 'string' },
      'rate-limit-rpm': { type: 'string' },
      'limiter-window-ms': { type: 'string' },
      'limiter-headroom-pct': { type: 'string' },
      control: { type: 'boolean' },
    },
  });
  if (values.workers === undefined) {
    if (Object.keys(values).length > 0) throw new Error(`these flags need --workers\n${USAGE}`);
    return undefined;
  }
  const int = (text: string, flag: string, min = 1): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${flag}: expected a whole number ≥ ${min}, got ${JSON.stringify(text)}\n${USAGE}`);
    return n;
  };
  const list = (text: string, flag: string): number[] => (text.trim() === '' ? [] : text.split(',').map((part) => int(part.trim(), flag)));
  const options: ScaleBenchOptions = {
    workers: list(values.workers, 'workers'),
    concurrency: int(values.concurrency ?? '25', 'concurrency'),
    sessions: int(values.sessions ?? env['BENCH_SESSIONS'] ?? '500', 'sessions'),
    limitedWorkers: list(values['limited-workers'] ?? '2,4', 'limited-workers'),
    limitedSessions: int(values['limited-sessions'] ?? '380', 'limited-sessions'),
    rateLimitRpm: int(values['rate-limit-rpm'] ?? '360', 'rate-limit-rpm'),
    limiterWindowMs: int(values['limiter-window-ms'] ?? '1000', 'limiter-window-ms'),
    limiterHeadroomPct: int(values['limiter-headroom-pct'] ?? '5', 'limiter-headroom-pct', 0),
    control: values.control === true,
  };
  if (options.limitedWorkers.length > 0 && options.limitedSessions <= options.rateLimitRpm) {
    // Fewer requests than a minute's worth never reach a per-minute limit: nothing would be shown.
    throw new Error(`--limited-sessions (${options.limitedSessions}) must exceed --rate-limit-rpm (${options.rateLimitRpm}) for the limit to be reached\n${USAGE}`);
  }
  return options;
}

/**
 * The queue limiter that matches a per-minute provider limit: the same rate, spread over short
 * windows, stretched by `headroomPct`. BullMQ's limiter is a fixed window (a counter in Redis that
 * expires `duration` after the window's first job), so one 60 s window would let the whole
 * minute's budget start in a burst and, across a window boundary, up to twice the limit within one
 * rolling minute. Short windows exactly at the rate still let 61 of them reach the provider within
 * one rolling minute whenever some requests leave later after their job started than others (a
 * worker's first jobs load the catalogue first): the headroom makes 60 windows last longer than the
 * provider's minute by headroom × 60 s (5%: 3 s), the skew it absorbs. Measured at 2% (1.2 s): a
 * window's worth of 429s in some runs of 4 workers.
 */
export function matchingQueueLimiter(rateLimitRpm: number, windowMs: number, headroomPct: number): { max: number; durationMs: number } {
  const max = (rateLimitRpm * windowMs) / 60_000;
  if (!Number.isInteger(max) || max < 1) throw new Error(`--rate-limit-rpm ${rateLimitRpm} over --limiter-window-ms ${windowMs} is not a whole number of jobs per window`);
  return { max, durationMs: Math.ceil(windowMs * (1 + headroomPct / 100)) };
}

/** Runs both tables, prints them with their checks; true when every check held. */
export async function runScaleBench(options: ScaleBenchOptions, base: Omit<BenchRunSpec, 'label' | 'sessions' | 'concurrency' | 'fakeArgs'>, latencyMs: number): Promise<boolean> {
  const latency = ['--latency-ms', String(latencyMs), '--seed', '7'];
  const perWorker = options.concurrency / (latencyMs / 1000);
  const limiter = matchingQueueLimiter(options.rateLimitRpm, options.limiterWindowMs, options.limiterHeadroomPct);
  console.log(`bench:llm --workers — llm-worker processes (apps/llm-worker/dist/main.js) against the SIMULATED provider at ${latencyMs} ms, model ${base.model}`);
  console.log(
    `  concurrency ${options.concurrency} per worker: one worker then ranks ${perWorker.toFixed(2)}/s (concurrency / latency), far below what one process can drive,\n` +
      `  so throughput can only grow by adding workers (the default of 64 would finish ${options.sessions} rankings in a few waves and hide the scaling).`,
  );

  const scaled: BenchRunReport[] = [];
  for (const workers of options.workers) {
    console.log(`  running ${workers} worker(s), ${options.sessions} rankings, no rate limit …`);
    scaled.push(await runLlmBench({ ...base, label: workerCount(workers), workers, concurrency: options.concurrency, sessions: options.sessions, fakeArgs: latency }));
  }

  const limited: BenchRunReport[] = [];
  const control = options.control && options.limitedWorkers.length > 0 ? [Math.max(...options.limitedWorkers)] : [];
  for (const [workers, queueLimiter] of [...options.limitedWorkers.map((w) => [w, limiter] as const), ...control.map((w) => [w, undefined] as const)]) {
    const how = queueLimiter ? `queue limiter ${queueLimiter.max} per ${queueLimiter.durationMs} ms` : 'no queue limiter (control)';
    console.log(`  running ${workers} worker(s), ${options.limitedSessions} rankings, server limit ${options.rateLimitRpm}/min, ${how} …`);
    limited.push(
      await runLlmBench({
        ...base,
        label: `${workerCount(workers)}, ${queueLimiter ? 'limited' : 'no queue limiter'}`,
        workers,
        concurrency: options.concurrency,
        sessions: options.limitedSessions,
        fakeArgs: [...latency, '--rate-limit-rpm', String(options.rateLimitRpm)],
        ...(queueLimiter ? { queueLimiter } : {}),
      }),
    );
  }

  console.log(`\n1. scaling out: ${options.sessions} rankings, no rate limit (ideal/s = workers × concurrency / latency)\n`);
  console.log(formatScaleTable(scaled, latencyMs));
  let ok = printChecks(scaled.map((r) => [r.spec.label, accountingChecks(r)]));

  if (limited.length > 0) {
    console.log(
      `\n2. under the provider's limit: server --rate-limit-rpm ${options.rateLimitRpm} (rolling minute); every worker with LLM_RANKING_RATE_LIMIT_MAX=${limiter.max} ` +
        `LLM_RANKING_RATE_LIMIT_DURATION_MS=${limiter.durationMs}\n   = ${((limiter.max * 60_000) / limiter.durationMs).toFixed(0)}/min, ${options.limiterHeadroomPct}% under the provider's rate. ` +
        `BullMQ keeps the limiter's counter in Redis (<prefix>:<queue>:limiter), so it is one limit for all workers.\n` +
        `   ${options.limitedSessions} rankings: more than the server admits in a minute, so its limit is reached; without the queue limiter ` +
        `${options.limitedWorkers.join(' and ')} workers would send ${options.limitedWorkers.map((w) => (w * perWorker * 60).toFixed(0)).join(' and ')}/min.\n`,
    );
    console.log(formatLimitedTable(limited));
    // The control run shows the storm the limiter prevents: only its accounting must hold.
    ok = printChecks(limited.map((r) => [r.spec.label, [...accountingChecks(r), ...(r.spec.queueLimiter ? limitOrCapacityChecks(r, options, perWorker) : [])]])) && ok;
  }
  return ok;
}

/** Sending at the limit is checked where the workers could send faster than it; below it, only the absence of 429s. */
function limitOrCapacityChecks(r: BenchRunReport, options: ScaleBenchOptions, perWorkerPerSecond: number): Check[] {
  const capacityPerMinute = (r.spec.workers ?? 1) * perWorkerPerSecond * 60;
  if (capacityPerMinute >= options.rateLimitRpm * 1.05) return [noStormCheck(r), atLimitCheck(r)];
  console.log(`  note: ${r.spec.label} can send only ${capacityPerMinute.toFixed(0)}/min, below the limit: its rate is not checked against it`);
  return [noStormCheck(r)];
}

function workerCount(workers: number): string {
  return `${workers} worker${workers === 1 ? '' : 's'}`;
}

function printChecks(groups: ReadonlyArray<[string, Check[]]>): boolean {
  let ok = true;
  for (const [label, checks] of groups) {
    const failed = checks.filter((c) => !c.ok);
    ok &&= failed.length === 0;
    if (failed.length === 0) console.log(`  ok   ${label}: ${checks.map((c) => c.what).join('; ')}`);
    for (const check of failed) console.log(`  FAIL ${label}: ${check.what}: ${check.detail}`);
  }
  return ok;
}
