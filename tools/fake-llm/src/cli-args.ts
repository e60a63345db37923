import { parseArgs } from 'node:util';
import { FAULT_KINDS, GENERATION_ENDPOINTS, type FaultKind, type FaultProbabilities, type FaultRule, type GenerationEndpoint } from './faults';
import { parseLatencySpec } from './latency';
import type { FakeLlmServerOptions } from './options';

/** The CLI's default port (the library's default is 0, an ephemeral port). */
export const DEFAULT_CLI_PORT = 8787;

export const USAGE = `fake-llm — a SIMULATED LLM provider for tests and benchmarks (127.0.0.1 only)

Usage: node tools/fake-llm/dist/main.js [options]

  --port N                  port on 127.0.0.1 (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --seed N                  seed of every random choice (default 0)
  --latency-ms SPEC         MS | uniform:MIN:MAX | normal:MEAN:STD (default 0)
  --dataset NAME            serve the recorded GPT-4 rankings and hints of a bundled dataset (repeatable)
  --datasets-dir DIR        where the bundled datasets are (default: the repository's datasets/)
  --fault-429 P             probability of a 429 rate_limit_error with retry-after
  --fault-529 P             probability of a 529 overloaded_error (503 on the OpenAI surface)
  --fault-500 P             probability of a 500 api_error
  --fault-hang P            probability of never answering
  --fault-malformed P       probability of a 200 answer with no ids
  --fault-off-candidate P   probability of a 200 answer whose ids are all outside the candidates
  --schedule RULE           FAULT:COUNT[:ENDPOINT[:TEXT]] — the first COUNT generations (at ENDPOINT,
                            whose prompt contains TEXT) get FAULT; repeatable, checked in order.
                            FAULT: 429 | 529 | 500 | hang | malformed | off-candidate
                            ENDPOINT: ${GENERATION_ENDPOINTS.join(' | ')} | * (any)
  --retry-after S           retry-after seconds on an injected 429 (default 1)
  --rate-limit-rpm N        admit at most N generation requests per rolling minute, across all
                            connections; beyond it a 429 rate_limit_error with retry-after and the
                            anthropic-ratelimit-requests-* headers (default: no limit)
  --batch-processing-ms MS  time until a message batch has ended (default 1000)
  --ranking-length N        ids in a generated ranking (default 25)
  -h, --help                this text

Prints the bound URL on stdout; stops on SIGTERM or SIGINT. GET /_fake/stats, POST /_fake/reset.`;

const FAULT_FLAGS: Record<string, FaultKind> = {
  'fault-429': 'rate-limit-429',
  'fault-529': 'overloaded-529',
  'fault-500': 'server-error-500',
  'fault-hang': 'hang',
  'fault-malformed': 'malformed',
  'fault-off-candidate': 'off-candidate',
};

const FAULT_ALIASES: Record<string, FaultKind> = { '429': 'rate-limit-429', '529': 'overloaded-529', '500': 'server-error-500' };

export type CliCommand = { kind: 'help' } | { kind: 'serve'; options: FakeLlmServerOptions };

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      'latency-ms': { type: 'string' },
      dataset: { type: 'string', multiple: true },
      'datasets-dir': { type: 'string' },
      ...Object.fromEntries(Object.keys(FAULT_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
      schedule: { type: 'string', multiple: true },
      'retry-after': { type: 'string' },
      'rate-limit-rpm': { type: 'string' },
      'batch-processing-ms': { type: 'string' },
      'ranking-length': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { kind: 'help' };
  const text = (flag: string): string | undefined => values[flag as keyof typeof values] as string | undefined;

  const faults: FaultProbabilities = {};
  for (const [flag, kind] of Object.entries(FAULT_FLAGS)) {
    const value = text(flag);
    if (value !== undefined) faults[kind] = number(value, `--${flag}`);
  }
  const options: FakeLlmServerOptions = {
    port: number(text('port') ?? String(DEFAULT_CLI_PORT), '--port'),
    faults,
    schedule: (values.schedule ?? []).map(parseScheduleRule),
    datasets: values.dataset ?? [],
  };
  const optional: Array<[string, keyof FakeLlmServerOptions]> = [
    ['seed', 'seed'],
    ['retry-after', 'retryAfterSeconds'],
    ['rate-limit-rpm', 'rateLimitRpm'],
    ['batch-processing-ms', 'batchProcessingMs'],
    ['drop-batch-create-responses', 'dropBatchCreateResponses'],
    ['ranking-length', 'rankingLength'],
  ];
  for (const [flag, key] of optional) {
    const value = text(flag);
    if (value !== undefined) (options as Record<string, unknown>)[key] = number(value, `--${flag}`);
  }
  const latency = text('latency-ms');
  if (latency !== undefined) options.latencyMs = parseLatencySpec(latency);
  const datasetsDir = text('datasets-dir');
  if (datasetsDir !== undefined) options.datasetsDir = datasetsDir;
  return { kind: 'serve', options };
}

/** `FAULT:COUNT[:ENDPOINT[:TEXT]]`; TEXT is everything after the third colon, colons included. */
export function parseScheduleRule(spec: string): FaultRule {
  const [faultName = '', countText = '', endpoint, ...rest] = spec.split(':');
  const fault = FAULT_ALIASES[faultName] ?? faultName;
  if (!(FAULT_KINDS as readonly string[]).includes(fault)) {
    throw new RangeError(`--schedule ${JSON.stringify(spec)}: unknown fault ${JSON.stringify(faultName)}`);
  }
  const rule: FaultRule = { fault: fault as FaultKind, count: number(countText, `--schedule ${JSON.stringify(spec)} count`) };
  if (endpoint !== undefined && endpoint !== '' && endpoint !== '*') {
    if (!(GENERATION_ENDPOINTS as readonly string[]).includes(endpoint)) {
      throw new RangeError(`--schedule ${JSON.stringify(spec)}: unknown endpoint ${JSON.stringify(endpoint)}`);
    }
    rule.endpoint = endpoint as GenerationEndpoint;
  }
  if (rest.length > 0) rule.promptIncludes = rest.join(':');
  return rule;
}

function number(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new RangeError(`${flag}: expected a number, got ${JSON.stringify(text)}`);
  return value;
}
