import { z } from 'zod';
import { Backbone, DatasetName, Metrics } from './domain';

/** Job names on the selector's queues. */
export const RunJob = { Run: 'run' } as const;
export type RunJob = (typeof RunJob)[keyof typeof RunJob];
export const RankingCollectJob = { Collect: 'collect' } as const;
export type RankingCollectJob = (typeof RankingCollectJob)[keyof typeof RankingCollectJob];

/** Table 2's strategies; `tr` asks no LLM (the teacher's top-50 of every training session). */
export const RunStrategy = z.enum(['alkdrec', 'random', 'easiest', 'hardest', 'rad-bc', 'tr']);
export type RunStrategy = z.infer<typeof RunStrategy>;

/**
 * The LLM providers: the one list every other (the worker's LLM_PROVIDER, the CLI's --provider)
 * derives from. A run names one; the llm-worker refuses jobs of a run that names another.
 */
export const RUN_PROVIDERS = ['anthropic', 'anthropic-batch', 'openai-compatible', 'replay'] as const;
export const RunProvider = z.enum(RUN_PROVIDERS);

/** What a provider is, as the rest of the system needs to know it (never from its name's spelling). */
export interface ProviderTraits {
  /**
   * Answers are recordings looked up by session, not generated from the prompt: free, instant, with
   * no rate limit to respect, only for the sessions (and the dataset content) they were recorded
   * for, and made against someone else's candidates.
   */
  recorded: boolean;
  /** Billed at the Message Batches API's half price. */
  batchPriced: boolean;
}

export const PROVIDER_TRAITS: Readonly<Record<RunProvider, ProviderTraits>> = {
  anthropic: { recorded: false, batchPriced: false },
  'anthropic-batch': { recorded: false, batchPriced: true },
  'openai-compatible': { recorded: false, batchPriced: false },
  replay: { recorded: true, batchPriced: false },
};
export type RunProvider = z.infer<typeof RunProvider>;

/**
 * A run: dataset × backbone × strategy × LLM provider × budget × seed (REFERENCE §3–§6). Its id is
 * derived from these, so submitting the same run twice resumes it rather than starting another.
 */
export const RunSpec = z.object({
  dataset: DatasetName,
  backbone: Backbone,
  strategy: RunStrategy,
  provider: RunProvider.default('replay'),
  /** Sessions asked of the LLM (|B|); the paper's 500 (750 for FPMC on Games). Ignored by `tr`. */
  budget: z.number().int().min(1).max(20_000).default(500),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /**
   * Caps the steps of every training in the run (teacher, student, distillation): for smoke tests
   * only. Unset: train to early stopping as the paper. Part of the run id and of the model ids.
   */
  maxSteps: z.number().int().min(1).max(1_000_000).optional(),
});
export type RunSpec = z.infer<typeof RunSpec>;
export type RunSpecInput = z.input<typeof RunSpec>;

/** `<dataset>.<backbone>.<strategy>.<provider>.b<budget>.s<seed>[.m<maxSteps>]`: readable and unique. */
export function runIdOf(spec: RunSpec): string {
  const budget = spec.strategy === 'tr' ? 'all' : `b${spec.budget}`;
  const capped = spec.maxSteps === undefined ? '' : `.m${spec.maxSteps}`;
  const provider = spec.strategy === 'tr' ? 'no-llm' : spec.provider;
  return `${spec.dataset}.${spec.backbone}.${spec.strategy}.${provider}.${budget}.s${spec.seed}${capped}`;
}

/** The BullMQ id of a run's driver job (and of its ranking fan-out's parent). */
export function runJobId(runId: string): string {
  return `run-${runId}`;
}
export function rankingCollectJobId(runId: string): string {
  return `collect-${runId}`;
}

/** A run's stages in order; `tr` skips hints, select and rank. */
export const RunStageName = z.enum(['teacher', 'student', 'predict', 'hints', 'select', 'rank', 'distill']);
export type RunStageName = z.infer<typeof RunStageName>;

export function stagesOf(strategy: RunStrategy): RunStageName[] {
  return strategy === 'tr'
    ? ['teacher', 'student', 'predict', 'distill']
    : ['teacher', 'student', 'predict', 'hints', 'select', 'rank', 'distill'];
}

export const RunPayload = z.object({ spec: RunSpec });
export type RunPayload = z.infer<typeof RunPayload>;

/** Where a run is: the stage, its place, and the stage's own progress (`done` of `total`). */
export const RunProgress = z.object({
  stage: RunStageName,
  stageIndex: z.number().int().min(0),
  stageCount: z.number().int().min(1),
  done: z.number().min(0),
  total: z.number().min(0),
  /** Finished stages so far (with reuse: finished by an earlier attempt or run). */
  finished: z.array(RunStageName),
  message: z.string().optional(),
});
export type RunProgress = z.infer<typeof RunProgress>;

export const RunStageReport = z.object({
  name: RunStageName,
  /** Wall time of the attempt that finished it; 0 when nothing had to be done. */
  wallMs: z.number().min(0),
  attempts: z.number().int().min(0),
  /** Finished by an earlier attempt of this run (a resume): not redone. */
  resumed: z.boolean(),
  /** What it produced or reused, in a few words. */
  detail: z.string(),
});
export type RunStageReport = z.infer<typeof RunStageReport>;

/** A model of a run and its test metrics. */
export const ModelReport = z.object({ modelId: z.string(), test: Metrics });
export type ModelReport = z.infer<typeof ModelReport>;

/**
 * A run's LLM figures, from its request ledger: what was asked, what came back, what went wrong by
 * class, and what it cost — lost answers included. requests = answers + refused/failed (the
 * faults other than unusable answers) + lost + still open.
 */
export const RunLlmReport = z.object({
  selected: z.number().int(),
  /** Outcomes of the ranking jobs by status (ranked, not-available, parse-failed, budget-exhausted, failed). */
  outcomes: z.record(z.string(), z.number().int()),
  /** Distinct prompts the run used (hints and rankings, corrective turns included). */
  calls: z.number().int(),
  /** Of those, answered from the response store: nothing paid. */
  cachedCalls: z.number().int(),
  /** Requests sent to the provider: every attempt, answered, refused, timed out or lost. */
  requests: z.number().int(),
  /** Answers received and stored (usable or not). */
  answers: z.number().int(),
  /** Requests whose worker died before their outcome was recorded: counted as billed, at an estimate. */
  lost: z.number().int(),
  /** Requests still in flight, their cost still reserved: 0 once a run has finished. */
  openReservations: z.number().int(),
  /** Faults by class: provider errors (rate_limit_error, overloaded_error, api_error, timeout, …) and unusable answers (unparseable, off-candidate). */
  faults: z.record(z.string(), z.number().int()),
  /** What the run paid: its answers at their billed cost plus the lost requests' estimate. */
  costUsd: z.number(),
  /** Of costUsd, the lost requests' estimate (each at the cost of the answer its prompt got in the end, or its reserved maximum). */
  lostUsd: z.number(),
});
export type RunLlmReport = z.infer<typeof RunLlmReport>;

export const RunResult = z.object({
  runId: z.string(),
  spec: RunSpec,
  stages: z.array(RunStageReport),
  student: ModelReport,
  teacher: ModelReport,
  distilled: ModelReport,
  /** Which sessions the policy could draw from, and why (replay: those with a recorded answer). */
  pool: z.object({ size: z.number().int(), note: z.string() }).nullable(),
  llm: RunLlmReport,
  /** Wall time of this attempt of the driver (stages finished earlier count 0 here). */
  wallMs: z.number(),
});
export type RunResult = z.infer<typeof RunResult>;

/**
 * What a run's driver job returns when the run was cancelled (RunClient.cancel): the job ends without
 * error, the run is CANCELLED in PostgreSQL with the stage it was in (null: before any stage).
 */
export const RunCancelled = z.object({
  runId: z.string(),
  state: z.literal('CANCELLED'),
  stage: RunStageName.nullable(),
});
export type RunCancelled = z.infer<typeof RunCancelled>;

/** A run job's return value: the finished run, or its cancellation. */
export const RunJobResult = z.union([RunResult, RunCancelled]);
export type RunJobResult = z.infer<typeof RunJobResult>;

export const RankingCollectPayload = z.object({ runId: z.string().min(1) });
export type RankingCollectPayload = z.infer<typeof RankingCollectPayload>;
export const RankingCollectResult = z.object({ runId: z.string(), stored: z.number().int(), failed: z.number().int() });
export type RankingCollectResult = z.infer<typeof RankingCollectResult>;

export const runJobs = {
  [RunJob.Run]: { payload: RunPayload, result: RunJobResult },
} as const;
export const rankingCollectJobs = {
  [RankingCollectJob.Collect]: { payload: RankingCollectPayload, result: RankingCollectResult },
} as const;
