import { QueueName } from '@alkdrec/contracts';
import { LLM_PROVIDER_NAMES } from '@alkdrec/llm-providers';
import { baseEnvSchema, envEnum, envInt, tuningEnvShape } from '@alkdrec/service-kit';
import { z } from 'zod';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());

/**
 * The llm-worker role's variables, on top of the base ones. LLM_RANKING_* and LLM_HINTS_* tuning
 * overrides (concurrency, attempts, backoff, rate limit) come from the queue tuning table.
 *
 * The API key is deliberately not here: the provider reads it from the environment variable it
 * names (ANTHROPIC_API_KEY by default, LLM_API_KEY_VAR to change), so the validated config, which
 * is logged and handed to jobs, never holds it.
 */
export const llmWorkerEnvShape = {
  ...tuningEnvShape(QueueName.LlmRanking),
  ...tuningEnvShape(QueueName.LlmHints),
  LLM_PROVIDER: envEnum(LLM_PROVIDER_NAMES, 'replay'),
  /** Required except for replay (checked with the provider configuration at startup). */
  LLM_MODEL: optional(z.string().min(1)),
  /** The provider's endpoint (a proxy, a local server, or the fake server in tests). */
  LLM_BASE_URL: optional(z.url()),
  /** Per request; a request that hangs longer fails as transient and is retried with backoff. */
  LLM_TIMEOUT_MS: envInt(60_000, { min: 100 }),
  LLM_API_KEY_VAR: optional(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')),
  LLM_BATCH_POLL_MS: optional(z.coerce.number().int().positive()),
  /** anthropic-batch: how long a batch waits for more jobs' requests before it is submitted. */
  LLM_BATCH_WINDOW_MS: envInt(1_000, { min: 0 }),
  /** anthropic-batch: most requests per batch. */
  LLM_BATCH_MAX_REQUESTS: envInt(1_000, { min: 1, max: 100_000 }),
  /** max_tokens of a ranking call: 25 ids fit in ~200 tokens; the budget reserves this much output. */
  LLM_MAX_OUTPUT_TOKENS: envInt(400, { min: 16, max: 8_192 }),
  /** Per-run budget: most USD (standard or batch price, as billed) one run may spend. Unset: unlimited. */
  LLM_RUN_MAX_USD: optional(z.coerce.number().nonnegative()),
  /** Per-run budget: most billed calls one run may make, corrective retries included. Unset: unlimited. */
  LLM_RUN_MAX_CALLS: optional(z.coerce.number().int().nonnegative()),
  /**
   * How long after its last heartbeat this worker counts as dead (it beats every fifth of it): then
   * the prompts it was sending are taken over by other workers and its unanswered requests counted
   * as lost. Shorter: faster takeover; longer: fewer false deaths on a stalled database.
   */
  LLM_WORKER_LEASE_MS: envInt(15_000, { min: 1_000 }),
  /**
   * How many more times a prompt whose stored answer could not be used is asked again on a later
   * claim (a job's retry, a re-run, another session with the same prompt) before the failure is final.
   */
  LLM_PARSE_FAILED_RETRIES: envInt(2, { min: 0, max: 10 }),
  /**
   * How long a job waits for another worker's answer to the same prompt before it gives up for now
   * (and is retried with backoff). Unset: LLM_TIMEOUT_MS + LLM_WORKER_LEASE_MS + 10 s, i.e. longer
   * than a live holder can take and than a dead one takes to be noticed.
   */
  LLM_CLAIM_WAIT_MS: optional(z.coerce.number().int().positive()),
};

export const llmWorkerEnvSchema = baseEnvSchema.extend(llmWorkerEnvShape);
export type LlmWorkerConfig = z.infer<typeof llmWorkerEnvSchema>;
