/**
 * Every Prometheus metric of every ALKDRec service: the ONLY place a metric's name, help, type,
 * labels and buckets are spelled (docs/metrics.md describes each one). Services ask ServiceMetrics
 * for a metric by its key here; a metric appears on a service's /metrics once the service uses it.
 *
 * Conventions (checked by metric-catalogue.spec.ts): names start with `alkdrec_`; counters end in
 * `_total`; a metric measuring time is in seconds and says so (`_seconds`), one measuring money is
 * in US dollars (`_usd`); labels take bounded values only (queue, job and class names from code or
 * contracts — never ids, prompts or free text).
 */

export type MetricType = 'counter' | 'gauge' | 'histogram';
/** What a metric measures, when it has a unit: its name must carry it. */
export type MetricUnit = 'seconds' | 'usd';

export interface MetricDefinition {
  name: string;
  help: string;
  type: MetricType;
  labelNames: readonly string[];
  unit?: MetricUnit;
  /** Histograms only: upper bounds in the metric's unit. */
  buckets?: readonly number[];
}

/** BullMQ job states reported by alkdrec_queue_jobs (getJobCounts' names). */
export const QUEUE_JOB_STATES = ['wait', 'paused', 'prioritized', 'delayed', 'active', 'waiting-children', 'completed', 'failed'] as const;
export type QueueJobState = (typeof QUEUE_JOB_STATES)[number];
/**
 * The states of jobs not yet started — waiting for a worker, by priority, or for their delay or
 * backoff (getJobCounts' `wait`, `prioritized`, `delayed`): alkdrec_queue_backlog sums them.
 * Not `paused` (scaling cannot help a paused queue), nor `waiting-children` (parents waiting for
 * their fan-out, whose children are counted in their own queue).
 */
export const QUEUE_BACKLOG_STATES = ['wait', 'prioritized', 'delayed'] as const satisfies readonly QueueJobState[];

/** A job lasts from milliseconds (a stored LLM answer) to hours (a teacher's training). */
const JOB_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400];
/** A provider answers in 0.1 s (a tiny prompt) to 60 s (LLM_TIMEOUT_MS's default). */
const PROVIDER_SECONDS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60, 120];
/** Scoring one session: the serving goal is p99 ≤ 5 ms, so the buckets start at 0.25 ms. */
const RECOMMEND_SECONDS = [0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const HTTP_SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A validation pass scores every validation session against the whole catalogue. */
const VALIDATION_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export const METRICS = {
  // Queues and jobs (every service, libs/service-kit).
  queueJobs: {
    name: 'alkdrec_queue_jobs',
    help: 'Jobs in a BullMQ queue by state, read at scrape time (cached briefly). Backlog = wait + prioritized + delayed.',
    type: 'gauge',
    labelNames: ['queue', 'state'],
  },
  queueBacklog: {
    name: 'alkdrec_queue_backlog',
    help: 'Jobs of a BullMQ queue not yet started (wait + prioritized + delayed), from the same read as alkdrec_queue_jobs: what autoscalers scale worker pools on.',
    type: 'gauge',
    labelNames: ['queue'],
  },
  jobsCompleted: {
    name: 'alkdrec_jobs_completed_total',
    help: 'Jobs this process completed, by queue and job name.',
    type: 'counter',
    labelNames: ['queue', 'name'],
  },
  jobsFailed: {
    name: 'alkdrec_jobs_failed_total',
    help: 'Job attempts that failed in this process, by queue, job name, error class and whether the failure was final (no retry left).',
    type: 'counter',
    labelNames: ['queue', 'name', 'reason', 'final'],
  },
  jobDuration: {
    name: 'alkdrec_job_duration_seconds',
    help: 'Time from a job attempt starting to it completing or failing in this process.',
    type: 'histogram',
    labelNames: ['queue', 'name', 'outcome'],
    unit: 'seconds',
    buckets: JOB_SECONDS,
  },
  collectErrors: {
    name: 'alkdrec_metrics_collect_errors_total',
    help: 'Scrape-time collections that failed (e.g. Redis away): the metric they feed is left out of that scrape.',
    type: 'counter',
    labelNames: ['collector'],
  },

  // The LLM teacher (llm-worker; lost requests also from the selector's sweep).
  llmRequests: {
    name: 'alkdrec_llm_requests_total',
    help: 'Requests sent to the LLM provider (each recorded in the request ledger before it is sent), by job kind.',
    type: 'counter',
    labelNames: ['provider', 'model', 'kind'],
  },
  llmAnswers: {
    name: 'alkdrec_llm_answers_total',
    help: 'Answers received and recorded (each billed), by whether the caller could use them.',
    type: 'counter',
    labelNames: ['provider', 'model', 'kind', 'usable'],
  },
  llmFaults: {
    name: 'alkdrec_llm_faults_total',
    help: 'Requests that failed (rate_limit_error, overloaded_error, api_error, timeout, ...) and answers that could not be used (unparseable, off-candidate), by class.',
    type: 'counter',
    labelNames: ['provider', 'class'],
  },
  llmRequestsLost: {
    name: 'alkdrec_llm_requests_lost_total',
    help: 'Requests whose worker died before their outcome was recorded, or whose answer arrived but could not be recorded: counted as billed at their reserved maximum.',
    type: 'counter',
    labelNames: [],
  },
  llmTokens: {
    name: 'alkdrec_llm_tokens_total',
    help: 'Tokens billed in recorded answers, by direction (input, output).',
    type: 'counter',
    labelNames: ['provider', 'model', 'direction'],
  },
  llmCost: {
    name: 'alkdrec_llm_cost_usd_total',
    help: 'What the recorded answers cost, in US dollars (half price for batches, 0 for recorded replay answers).',
    type: 'counter',
    labelNames: ['provider', 'model'],
    unit: 'usd',
  },
  llmProviderLatency: {
    name: 'alkdrec_llm_provider_latency_seconds',
    help: "Wall time of the provider's answer (a batch's time is spread over its requests; 0 for replay).",
    type: 'histogram',
    labelNames: ['provider', 'model'],
    unit: 'seconds',
    buckets: PROVIDER_SECONDS,
  },

  // Training (trainer: updated in the main thread from the sandboxed job's progress).
  trainingSteps: {
    name: 'alkdrec_training_steps_total',
    help: 'Optimiser steps done by training and distillation jobs, by backbone and role (teacher, student, distilled).',
    type: 'counter',
    labelNames: ['backbone', 'role'],
  },
  trainingStepsPerSecond: {
    name: 'alkdrec_training_steps_per_second',
    help: 'Optimiser steps per second of step time (validation excluded) over the last validation interval.',
    type: 'gauge',
    labelNames: ['backbone', 'role'],
  },
  trainingValidationRecall: {
    name: 'alkdrec_training_validation_recall',
    help: 'The latest validation recall@k (k = 25 for training, 50 for distillation).',
    type: 'gauge',
    labelNames: ['backbone', 'role', 'k'],
  },
  trainingValidationDuration: {
    name: 'alkdrec_training_validation_duration_seconds',
    help: 'Time of one validation pass (every validation session ranked against the whole catalogue).',
    type: 'histogram',
    labelNames: ['backbone', 'role'],
    unit: 'seconds',
    buckets: VALIDATION_SECONDS,
  },

  // Runs (selector).
  runsStarted: {
    name: 'alkdrec_runs_started_total',
    help: 'Run drivers started by this selector (a resumed or re-driven run counts again), by strategy.',
    type: 'counter',
    labelNames: ['strategy'],
  },
  runsFinished: {
    name: 'alkdrec_runs_finished_total',
    help: 'Run drivers that ended, by strategy and state: succeeded, failed, cancelled (by a user), or interrupted (handed back to the queue; the run goes on).',
    type: 'counter',
    labelNames: ['strategy', 'state'],
  },

  // Serving (api).
  recommendDuration: {
    name: 'alkdrec_recommend_duration_seconds',
    help: 'Time to answer a recommend request, by dataset and form (one session, or a batch).',
    type: 'histogram',
    labelNames: ['dataset', 'form'],
    unit: 'seconds',
    buckets: RECOMMEND_SECONDS,
  },
  recommendRequests: {
    name: 'alkdrec_recommend_requests_total',
    help: 'Recommend requests by dataset and HTTP status.',
    type: 'counter',
    labelNames: ['dataset', 'status'],
  },
  httpRequests: {
    name: 'alkdrec_http_requests_total',
    help: 'HTTP requests handled by a route of this service, by method, route pattern and status.',
    type: 'counter',
    labelNames: ['method', 'route', 'status'],
  },
  httpRequestDuration: {
    name: 'alkdrec_http_request_duration_seconds',
    help: 'Time from a route handler being reached to the response being sent, by method and route pattern.',
    type: 'histogram',
    labelNames: ['method', 'route'],
    unit: 'seconds',
    buckets: HTTP_SECONDS,
  },
} as const satisfies Record<string, MetricDefinition>;

export type MetricKey = keyof typeof METRICS;
type KeyOfType<T extends MetricType> = { [K in MetricKey]: (typeof METRICS)[K]['type'] extends T ? K : never }[MetricKey];
export type CounterKey = KeyOfType<'counter'>;
export type GaugeKey = KeyOfType<'gauge'>;
export type HistogramKey = KeyOfType<'histogram'>;
/** The label names of a metric, as a union of string literals. */
export type LabelOf<K extends MetricKey> = (typeof METRICS)[K]['labelNames'][number];
