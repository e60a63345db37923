import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunResult, RunSpec, runIdOf } from '@alkdrec/contracts';
import { importDataset } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { startFakeLlm, type FakeLlmProcess, type FakeLlmStatsView } from '@alkdrec/llm-providers/testing';
import { startEntryProcess, startRedisServer, type EntryProcess, type OwnRedisServer, type ProcessExit } from '@alkdrec/process-kit';
import { DRILL_DATASET } from './drill-dataset';
import type { DrillOptions } from './drill-options';
import { DrillServices, type UnexpectedExit } from './drill-services';
import { RunObserver, type RunSnapshot } from './run-observer';
import type { DisturbanceTargets, Scenario } from './scenarios';

const REPO = join(__dirname, '..', '..', '..');
const CLI_ENTRY = join(REPO, 'apps/cli/dist/main.js');
/** How often the drill looks for its moment: a short interval keeps "in flight at the kill" a fresh sample. */
const WATCH_MS = 50;

/** What the drill did to the run, and the simulated server's requests in flight right before. */
export type DisturbanceRecord =
  | { done: true; what: string; atMs: number; inFlight: number }
  | { done: false; why: string };

/** One scenario's run: how it ended and everything the checks compare. */
export interface ScenarioRun {
  scenario: Scenario;
  spec: RunSpec;
  /** `alkdrec run` exited 0 with a RunResult. */
  completed: boolean;
  /** Why not, when not. */
  failure: string | null;
  wallMs: number;
  /** The CLI's `--json` result (null when it did not finish). */
  result: RunResult | null;
  snapshot: RunSnapshot;
  fake: FakeLlmStatsView;
  disturbance: DisturbanceRecord | null;
  unexpectedExits: UnexpectedExit[];
  logDir: string;
  /** The scenario's database schema (dropped afterwards unless --keep). */
  schema: string;
}

export interface ScenarioInput {
  options: DrillOptions;
  dataset: { itemsPath: string; sessionsPath: string };
  /** Unique to this drill: names queue prefixes and connection application names. */
  stamp: string;
}

/**
 * One scenario from nothing: a fresh schema with the drill's dataset imported, its own Redis, the
 * simulated Anthropic server, the four services, then `alkdrec run --no-spawn --json` as the client.
 * The drill watches the run through its own connection and, at the scenario's moment, samples the
 * server's requests in flight and strikes. Everything is torn down afterwards (the schema kept with
 * --keep); logs stay in `<outDir>/<scenario>/`.
 */
export async function runScenario(scenario: Scenario, input: ScenarioInput): Promise<ScenarioRun> {
  const { options } = input;
  const logDir = join(options.outDir, scenario.name);
  const spec = RunSpec.parse({
    dataset: DRILL_DATASET, backbone: 'fpmc', strategy: 'alkdrec', provider: 'anthropic', budget: options.budget, seed: options.seed, maxSteps: options.maxSteps,
  });
  const applicationName = `alkdrec-drill-${input.stamp}-${scenario.name}`;
  let db: TestDatabase | undefined;
  let redis: OwnRedisServer | undefined;
  let fake: FakeLlmProcess | undefined;
  let services: DrillServices | undefined;
  let cli: EntryProcess | undefined;
  try {
    db = await createTestDatabase(options.databaseUrl);
    await importDataset(db.prisma, { name: DRILL_DATASET, ...input.dataset });
    redis = await startRedisServer({ logFile: join(logDir, 'redis.log') });
    fake = await startFakeLlm(fakeArgs(options));
    const env = serviceEnv(options, { databaseUrl: withApplicationName(options.databaseUrl, applicationName), schema: db.schema, redisUrl: redis.url, fakeUrl: fake.url, prefix: `drill-${input.stamp}-${scenario.name}`, logDir });
    services = new DrillServices(env, logDir);
    services.startAll();

    const started = Date.now();
    cli = startEntryProcess(CLI_ENTRY, env, { args: cliArgs(spec), logFile: services.logFile('cli') });
    const observer = new RunObserver(db.prisma, runIdOf(spec));
    const targets = { services, redis, terminateRunConnections: () => observer.terminateConnections(applicationName) };
    const watching = new AbortController();
    const struck = scenario.disturbance
      ? watchAndStrike(scenario.disturbance, { observer, fake, targets, answers: Math.ceil(options.budget / 3), started, signal: watching.signal })
      : Promise.resolve(null);
    const exit = await Promise.race([cli.exited, timeout(options.scenarioTimeoutMs, watching.signal)]);
    const wallMs = Date.now() - started;
    watching.abort(); // stops the watcher and the timeout
    const disturbance = await struck;
    if (exit === 'timeout') cli.kill('SIGKILL');
    const result = typeof exit === 'object' && exit.code === 0 ? parseResult(cli) : null;
    const run: ScenarioRun = {
      scenario,
      spec,
      completed: result !== null,
      failure: result !== null ? null : describeFailure(exit, cli, options.scenarioTimeoutMs),
      wallMs,
      result,
      snapshot: await observer.snapshot(),
      fake: await fake.stats(),
      disturbance,
      unexpectedExits: [...services.unexpectedExits],
      logDir,
      schema: db.schema,
    };
    await writeFile(join(logDir, 'scenario.json'), JSON.stringify({ ...run, scenario: scenario.name }, null, 2));
    return run;
  } finally {
    cli?.kill('SIGKILL');
    await services?.stopAll();
    await fake?.stop();
    await redis?.stop();
    if (db && options.keepSchemas) await db.prisma.$disconnect();
    else await db?.drop();
  }
}

interface WatchContext {
  observer: RunObserver;
  fake: FakeLlmProcess;
  targets: DisturbanceTargets;
  /** mid-rank: strike once this many answers are recorded. */
  answers: number;
  started: number;
  signal: AbortSignal;
}

/**
 * Polls for the moment; mid-rank also waits for a request in flight at the server (so the strike
 * interrupts something). Samples the server's requests in flight, then strikes at once.
 */
async function watchAndStrike(disturbance: NonNullable<Scenario['disturbance']>, ctx: WatchContext): Promise<DisturbanceRecord> {
  try {
    while (!ctx.signal.aborted) {
      if (await ctx.observer.reached(disturbance.moment, ctx.answers)) {
        const { inFlightNow } = await ctx.fake.stats();
        if (disturbance.moment === 'mid-distill' || inFlightNow > 0) {
          const atMs = Date.now() - ctx.started;
          return { done: true, what: await disturbance.act(ctx.targets), atMs, inFlight: inFlightNow };
        }
      }
      await sleep(WATCH_MS);
    }
    return { done: false, why: `the run ended before the ${disturbance.moment} moment came` };
  } catch (error) {
    // Reported in the scenario's row; the run goes on and is torn down as usual.
    return { done: false, why: `the disturbance failed: ${(error as Error).message.trim().split('\n').pop()}` };
  }
}

/** Resolves 'timeout' after `ms`, or never once `signal` aborts (no timer outlives the race). */
function timeout(ms: number, signal: AbortSignal): Promise<'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  });
}

function fakeArgs(options: DrillOptions): string[] {
  const faults = Object.entries(options.faults).flatMap(([flag, p]) => [`--fault-${flag}`, String(p)]);
  return ['--seed', String(options.seed), '--latency-ms', String(options.latencyMs), ...faults];
}

function cliArgs(spec: RunSpec): string[] {
  return [
    'run', '--dataset', spec.dataset, '--backbone', spec.backbone, '--strategy', spec.strategy, '--provider', spec.provider,
    '--budget', String(spec.budget), '--seed', String(spec.seed), '--max-steps', String(spec.maxSteps), '--json', '--no-spawn',
  ];
}

/** The same database, its connections named so that the drill can find and terminate exactly those (scenario f). */
export function withApplicationName(databaseUrl: string, applicationName: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', applicationName);
  return url.toString();
}

/**
 * The services' (and the CLI's) environment: this scenario's schema, Redis, queue prefix and
 * simulated server; short locks so that a killed worker's jobs are back in their queue within
 * seconds; a lease of 3 s so a killed llm-worker's prompts are taken over quickly. Stored unusable
 * answers are final (LLM_PARSE_FAILED_RETRIES=0): the simulated model answers a prompt the same
 * way every time, so asking again could only buy the same answer — and would count as a prompt
 * answered twice that no disturbance caused.
 */
function serviceEnv(
  options: DrillOptions,
  where: { databaseUrl: string; schema: string; redisUrl: string; fakeUrl: string; prefix: string; logDir: string },
): Record<string, string> {
  return {
    DATABASE_URL: where.databaseUrl,
    DATABASE_SCHEMA: where.schema,
    REDIS_URL: where.redisUrl,
    BULLMQ_PREFIX: where.prefix,
    ARTIFACT_STORE: join(where.logDir, 'artifacts'),
    SHUTDOWN_GRACE_MS: '2000',
    TRAINER_LOCK_DURATION_MS: '5000',
    TRAINER_BACKOFF_MS: '500',
    LLM_RANKING_LOCK_DURATION_MS: '5000',
    LLM_RANKING_BACKOFF_MS: '200',
    LLM_RANKING_CONCURRENCY: '4',
    LLM_HINTS_LOCK_DURATION_MS: '5000',
    LLM_HINTS_BACKOFF_MS: '200',
    RUNS_LOCK_DURATION_MS: '5000',
    RANKING_COLLECT_LOCK_DURATION_MS: '5000',
    LLM_PROVIDER: 'anthropic',
    LLM_MODEL: 'claude-haiku-4-5',
    LLM_BASE_URL: where.fakeUrl,
    ANTHROPIC_API_KEY: 'simulated-key',
    LLM_TIMEOUT_MS: String(options.llmTimeoutMs),
    LLM_WORKER_LEASE_MS: '3000',
    LLM_PARSE_FAILED_RETRIES: '0',
  };
}

function parseResult(cli: EntryProcess): RunResult | null {
  try {
    const document = JSON.parse(cli.lines().join('\n')) as { result?: unknown };
    return RunResult.parse(document.result);
  } catch {
    return null;
  }
}

function describeFailure(exit: ProcessExit | 'timeout', cli: EntryProcess, timeoutMs: number): string {
  if (exit === 'timeout') return `alkdrec run had not finished after ${Math.round(timeoutMs / 1000)} s`;
  const lastLines = cli.stderr().trim().split('\n').slice(-3).join(' | ');
  return `alkdrec run exited ${exit.signal ?? `with code ${exit.code}`}${lastLines ? `: ${lastLines}` : ''}`;
}
