import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DrillDatasetShape } from './drill-dataset';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios';

/** The fake server's fault flags the drill passes on (`--fault-<kind> P`, tools/fake-llm). */
export const FAULT_FLAGS = ['429', '529', '500', 'malformed', 'off-candidate', 'hang'] as const;
export type FaultFlag = (typeof FAULT_FLAGS)[number];

export interface DrillOptions {
  /** In the order run; `a`, the undisturbed run the others are compared with, always comes first. */
  scenarios: ScenarioName[];
  budget: number;
  seed: number;
  maxSteps: number;
  dataset: DrillDatasetShape;
  /** The simulated server's latency and fault probabilities. */
  latencyMs: number;
  faults: Record<FaultFlag, number>;
  /** The llm-workers' LLM_TIMEOUT_MS: a hanging request becomes a timeout after this long. */
  llmTimeoutMs: number;
  /** A scenario still running after this long is reported as not completed. */
  scenarioTimeoutMs: number;
  /** Where datasets, logs and results go. */
  outDir: string;
  /** Keep each scenario's database schema (dropped by default). */
  keepSchemas: boolean;
  databaseUrl: string;
}

/** The outside tester's fault mix and run (issue 8): 300 ms, 7 % 429, 7 % 529, 6 % 500, 5 % malformed, 3 % off-candidate, 2 % hangs. */
export function defaultDrillOptions(repoRoot: string, env: NodeJS.ProcessEnv = process.env): DrillOptions {
  return {
    scenarios: [...SCENARIO_NAMES],
    budget: 60,
    seed: 1,
    maxSteps: 100,
    dataset: { items: 300, sessions: 480, repeated: 40, seed: 1 },
    latencyMs: 300,
    faults: { '429': 0.07, '529': 0.07, '500': 0.06, malformed: 0.05, 'off-candidate': 0.03, hang: 0.02 },
    llmTimeoutMs: 5_000,
    scenarioTimeoutMs: 5 * 60_000,
    outDir: join(repoRoot, '.alkdrec', 'drill', new Date().toISOString().replace(/[:.]/g, '-')),
    keepSchemas: false,
    databaseUrl: env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test',
  };
}

export const DRILL_USAGE = `npm run drill -- [options]

  --scenarios a,b,…        which scenarios (default a,b,c,d,e,f; a always runs first: the others are compared with it)
                             a faults only · b SIGKILL an llm-worker mid-rank · c SIGKILL the selector mid-rank
                             d SIGKILL the trainer mid-distill · e the drill's Redis restarted mid-rank
                             f the run's PostgreSQL connections terminated mid-rank
  --budget N               sessions asked of the LLM (default 60)
  --seed N                 the run's seed and the simulated server's (default 1)
  --max-steps N            steps of every training (default 100)
  --items N --sessions N --repeated N
                           the dataset: most frequent MovieLens items kept (300), sessions (480),
                           training sessions given exact copies (40)
  --latency-ms MS          the simulated server's latency (default 300)
  --fault-429 P --fault-529 P --fault-500 P --fault-malformed P --fault-off-candidate P --fault-hang P
                           fault probabilities (default 0.07 0.07 0.06 0.05 0.03 0.02)
  --llm-timeout-ms MS      the llm-workers' LLM_TIMEOUT_MS (default 5000; a hang becomes a timeout)
  --timeout-s S            a scenario still running after S seconds is not completed (default 300)
  --out DIR                where logs and results go (default .alkdrec/drill/<timestamp>)
  --keep                   keep each scenario's database schema
`;

export class DrillUsageError extends Error {
  override readonly name = 'DrillUsageError';
}

/** Parses the drill's command line over `defaults`; a bad value is a DrillUsageError naming the flag. */
export function parseDrillArgs(argv: readonly string[], defaults: DrillOptions): DrillOptions {
  const number = { type: 'string' } as const;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        scenarios: number, budget: number, seed: number, 'max-steps': number, items: number, sessions: number, repeated: number,
        'latency-ms': number, 'llm-timeout-ms': number, 'timeout-s': number, out: number, keep: { type: 'boolean' }, help: { type: 'boolean' },
        ...Object.fromEntries(FAULT_FLAGS.map((flag) => [`fault-${flag}`, number])),
      },
    });
  } catch (error) {
    throw new DrillUsageError((error as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values['help']) throw new DrillUsageError('');
  const int = (flag: string, fallback: number, min: number): number => {
    const raw = values[flag];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new DrillUsageError(`--${flag} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`);
    return value;
  };
  const probability = (flag: FaultFlag): number => {
    const raw = values[`fault-${flag}`];
    if (raw === undefined) return defaults.faults[flag];
    const value = Number(raw);
    if (!(value >= 0 && value <= 1)) throw new DrillUsageError(`--fault-${flag} must be a probability in [0, 1], got ${JSON.stringify(raw)}`);
    return value;
  };
  const faults = Object.fromEntries(FAULT_FLAGS.map((flag) => [flag, probability(flag)])) as Record<FaultFlag, number>;
  const total = Object.values(faults).reduce((sum, p) => sum + p, 0);
  if (total > 1 + 1e-9) throw new DrillUsageError(`the fault probabilities sum to ${total.toFixed(3)} > 1`);
  const seed = int('seed', defaults.seed, 0);
  return {
    scenarios: parseScenarios(values['scenarios'] as string | undefined, defaults.scenarios),
    budget: int('budget', defaults.budget, 1),
    seed,
    maxSteps: int('max-steps', defaults.maxSteps, 1),
    dataset: { items: int('items', defaults.dataset.items, 51), sessions: int('sessions', defaults.dataset.sessions, 10), repeated: int('repeated', defaults.dataset.repeated, 0), seed },
    latencyMs: int('latency-ms', defaults.latencyMs, 0),
    faults,
    llmTimeoutMs: int('llm-timeout-ms', defaults.llmTimeoutMs, 100),
    scenarioTimeoutMs: values['timeout-s'] === undefined ? defaults.scenarioTimeoutMs : int('timeout-s', 0, 1) * 1000,
    outDir: (values['out'] as string | undefined) ?? defaults.outDir,
    keepSchemas: values['keep'] === true || defaults.keepSchemas,
    databaseUrl: defaults.databaseUrl,
  };
}

/** `a,c` → ['a', 'c'], with `a` put first when missing: every other scenario is compared with it. */
function parseScenarios(raw: string | undefined, fallback: ScenarioName[]): ScenarioName[] {
  if (raw === undefined) return fallback;
  const names = raw.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(SCENARIO_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) throw new DrillUsageError(`--scenarios takes letters among ${SCENARIO_NAMES.join(',')}, got ${JSON.stringify(raw)}`);
  const chosen = SCENARIO_NAMES.filter((name) => names.includes(name));
  return chosen.includes('a') ? chosen : ['a', ...chosen];
}
