import { DEFAULT_RANKING_LENGTH } from './answers';
import { validateFaultProbabilities, validateFaultRule, type FaultProbabilities, type FaultRule } from './faults';
import { validateLatency, type LatencySpec } from './latency';
import { extractPromptItems, type PromptItemsExtractor } from './prompt-items';
import type { RecordedAnswers } from './recorded-answers';

export interface FakeLlmServerOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one; `start()` returns the bound URL. */
  port?: number;
  /** Seeds every random choice (answers, faults, latency); same seed + same requests → same run. Default 0. */
  seed?: number;
  /** Delay before each answer. Default 0. */
  latencyMs?: LatencySpec;
  /** Fault probabilities per generation. Default: none. */
  faults?: FaultProbabilities;
  /** Exact faults for the first matching generations, checked before the probabilities. */
  schedule?: FaultRule[];
  /** Value of the `retry-after` header (seconds) on a 429. Default 1. */
  retryAfterSeconds?: number;
  /**
   * Requests per rolling minute admitted on the generation routes (POST /v1/messages and
   * /v1/chat/completions), across all connections; beyond it a 429 `rate_limit_error` with
   * `retry-after`. Default: no limit.
   */
  rateLimitRpm?: number;
  /** Time from a batch's creation until it has ended. Default 1000 ms. */
  batchProcessingMs?: number;
  /**
   * The first N batch creates are carried out (the batch exists, and will be billed) but their
   * response is never sent: the connection is cut. Default 0.
   */
  dropBatchCreateResponses?: number;
  /** Bundled datasets whose recorded GPT-4 rankings (and hints) are served. Default: none. */
  datasets?: string[];
  /** Where the bundled datasets are (default: found as @alkdrec/db finds them). */
  datasetsDir?: string;
  /** Already loaded recordings, instead of `datasets` (tests build small ones). */
  recordings?: RecordedAnswers;
  /** How a prompt's session and candidate ids are found. Default: extractPromptItems. */
  extractPromptItems?: PromptItemsExtractor;
  /** Ids in a deterministic or off-candidate ranking. Default 25. */
  rankingLength?: number;
}

export type ResolvedOptions = Required<Omit<FakeLlmServerOptions, 'recordings' | 'datasetsDir' | 'rateLimitRpm'>> &
  Pick<FakeLlmServerOptions, 'recordings' | 'datasetsDir' | 'rateLimitRpm'>;

export function resolveOptions(options: FakeLlmServerOptions): ResolvedOptions {
  const integer = (value: number, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
    return value;
  };
  const nonNegative = (value: number, name: string): number => {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
    return value;
  };
  if (options.recordings !== undefined && (options.datasets?.length ?? 0) > 0) {
    throw new Error('give either recordings or datasets, not both');
  }
  return {
    port: integer(options.port ?? 0, 'port', 0, 65535),
    seed: integer(options.seed ?? 0, 'seed', 0, 0xffffffff),
    latencyMs: validateLatency(options.latencyMs ?? 0),
    faults: validateFaultProbabilities(options.faults ?? {}),
    schedule: (options.schedule ?? []).map(validateFaultRule),
    retryAfterSeconds: nonNegative(options.retryAfterSeconds ?? 1, 'retryAfterSeconds'),
    rateLimitRpm: options.rateLimitRpm === undefined ? undefined : integer(options.rateLimitRpm, 'rateLimitRpm', 1),
    batchProcessingMs: nonNegative(options.batchProcessingMs ?? 1000, 'batchProcessingMs'),
    dropBatchCreateResponses: integer(options.dropBatchCreateResponses ?? 0, 'dropBatchCreateResponses', 0),
    datasets: options.datasets ?? [],
    datasetsDir: options.datasetsDir,
    recordings: options.recordings,
    extractPromptItems: options.extractPromptItems ?? extractPromptItems,
    rankingLength: integer(options.rankingLength ?? DEFAULT_RANKING_LENGTH, 'rankingLength', 1),
  };
}
