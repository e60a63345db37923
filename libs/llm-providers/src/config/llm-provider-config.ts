import { z } from 'zod';
import { LLM_PROVIDER_NAMES, type LlmProviderName } from '../llm-provider';

/** The default API-key variable per provider; `apiKeyVariable` overrides it. */
export const DEFAULT_API_KEY_VARIABLES: Readonly<Record<LlmProviderName, string | undefined>> = {
  anthropic: 'ANTHROPIC_API_KEY',
  'anthropic-batch': 'ANTHROPIC_API_KEY',
  'openai-compatible': 'OPENAI_API_KEY',
  replay: undefined,
};

export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Validated provider configuration. It names the variable that holds the key, never the key itself,
 * so the config can be logged and stored; the key is read from the environment when the provider
 * is created. `model` defaults to the recordings' model for replay and is required otherwise.
 * `baseUrl` is LLM_BASE_URL only: the SDK variables (ANTHROPIC_BASE_URL, OPENAI_BASE_URL) are read
 * from the environment with the key, by resolveLlmEndpoint, which also refuses an openai-compatible
 * provider with neither.
 */
export const llmProviderConfigSchema = z
  .object({
    provider: z.enum(LLM_PROVIDER_NAMES).default('replay'),
    model: z.string().trim().min(1).optional(),
    baseUrl: z.url().optional(),
    timeoutMs: z.coerce.number().int().positive().default(DEFAULT_TIMEOUT_MS),
    apiKeyVariable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
    /** anthropic-batch: pause between polls while waiting in `complete`. */
    pollIntervalMs: z.coerce.number().int().positive().optional(),
    /** replay: where the bundled datasets are. */
    datasetsDir: z.string().min(1).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.provider !== 'replay' && config.model === undefined) {
      ctx.addIssue({ code: 'custom', path: ['model'], message: `LLM_MODEL is required for the ${config.provider} provider` });
    }
  });

export type LlmProviderConfig = z.output<typeof llmProviderConfigSchema>;
export type LlmProviderConfigInput = z.input<typeof llmProviderConfigSchema>;

/** Invalid LLM_* settings, with every problem listed. */
export class LlmProviderConfigError extends Error {
  override readonly name = 'LlmProviderConfigError';
}

export function parseLlmProviderConfig(input: LlmProviderConfigInput): LlmProviderConfig {
  const result = llmProviderConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`);
    throw new LlmProviderConfigError(`invalid LLM provider configuration: ${problems.join('; ')}`);
  }
  return result.data;
}

/**
 * Reads LLM_PROVIDER, LLM_MODEL, LLM_BASE_URL, LLM_TIMEOUT_MS, LLM_API_KEY_VAR, LLM_BATCH_POLL_MS
 * and ALKDREC_DATASETS_DIR. Empty values count as unset.
 */
export function llmProviderConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LlmProviderConfig {
  const value = (name: string): string | undefined => (env[name]?.trim() ? env[name]?.trim() : undefined);
  const input = {
    provider: value('LLM_PROVIDER') as LlmProviderName | undefined,
    model: value('LLM_MODEL'),
    baseUrl: value('LLM_BASE_URL'),
    timeoutMs: value('LLM_TIMEOUT_MS'),
    apiKeyVariable: value('LLM_API_KEY_VAR'),
    pollIntervalMs: value('LLM_BATCH_POLL_MS'),
    datasetsDir: value('ALKDREC_DATASETS_DIR'),
  };
  // Unset variables are left out rather than passed as undefined, so the parsed config lists only what is set.
  return parseLlmProviderConfig(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as LlmProviderConfigInput);
}
