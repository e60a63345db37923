import type { LlmProviderName } from '../llm-provider';
import { MissingApiKeyError } from '../errors/provider-errors';
import { DEFAULT_API_KEY_VARIABLES, type LlmProviderConfig } from './llm-provider-config';

/** The variable that holds this provider's key: the configured one, else the provider's default. */
export function apiKeyVariableOf(config: Pick<LlmProviderConfig, 'provider' | 'apiKeyVariable'>): string | undefined {
  return config.apiKeyVariable ?? DEFAULT_API_KEY_VARIABLES[config.provider];
}

/** The key from the environment; a provider that needs one and has none is refused at construction. */
export function requireApiKey(provider: LlmProviderName, variable: string, env: NodeJS.ProcessEnv): string {
  const key = env[variable]?.trim();
  if (!key) throw new MissingApiKeyError(provider, variable);
  return key;
}

/** The key if set (local OpenAI-compatible servers usually need none). */
export function optionalApiKey(variable: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return variable === undefined ? undefined : env[variable]?.trim() || undefined;
}
