import type { LlmProviderName } from '../llm-provider';
import { LlmProviderConfigError, type LlmProviderConfig } from './llm-provider-config';

export type SdkBaseUrlVariable = 'ANTHROPIC_BASE_URL' | 'OPENAI_BASE_URL';

/**
 * The base-URL variable of each provider family's own SDK convention, read when LLM_BASE_URL is
 * unset: a user who exports ANTHROPIC_BASE_URL for a proxy gets the proxy, as with the SDK itself.
 */
export const SDK_BASE_URL_VARIABLES: Readonly<Record<LlmProviderName, SdkBaseUrlVariable | undefined>> = {
  anthropic: 'ANTHROPIC_BASE_URL',
  'anthropic-batch': 'ANTHROPIC_BASE_URL',
  'openai-compatible': 'OPENAI_BASE_URL',
  replay: undefined,
};

/** Where the Anthropic SDK sends when no base URL is set; handed to it explicitly, so no other default applies. */
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

/** Where a provider sends its requests, and which setting chose it. */
export interface LlmEndpoint {
  baseUrl: string;
  /** Scheme, host and port: what logs show (a path or query may carry a token, a URL may carry credentials). */
  origin: string;
  /** The variable that set it, or `default` for the SDK's own (Anthropic only). */
  source: 'LLM_BASE_URL' | SdkBaseUrlVariable | 'default';
}

/**
 * The base URL of a provider: LLM_BASE_URL (the config's `baseUrl`), else its family's SDK variable,
 * else Anthropic's default. Resolved here, not inside the SDK, so that it can be validated (a
 * malformed value names its variable), logged, and read from the `env` the caller passes. Replay
 * sends nothing: undefined. An openai-compatible provider has no default: a local server is what
 * it is for, and guessing a public API would send prompts and key somewhere nobody chose.
 */
export function resolveLlmEndpoint(config: Pick<LlmProviderConfig, 'provider' | 'baseUrl'>, env: NodeJS.ProcessEnv = process.env): LlmEndpoint | undefined {
  const sdkVariable = SDK_BASE_URL_VARIABLES[config.provider];
  if (sdkVariable === undefined) return undefined;
  if (config.baseUrl !== undefined) return endpointOf(config.baseUrl, 'LLM_BASE_URL');
  const fromSdkVariable = env[sdkVariable]?.trim();
  if (fromSdkVariable) return endpointOf(fromSdkVariable, sdkVariable);
  if (config.provider === 'openai-compatible') {
    throw new LlmProviderConfigError(
      `the openai-compatible provider needs a base URL: set LLM_BASE_URL or ${sdkVariable} (e.g. http://127.0.0.1:8000/v1)`,
    );
  }
  return endpointOf(ANTHROPIC_DEFAULT_BASE_URL, 'default');
}

/** For logs: the endpoint's origin and where it came from; replay's "no network". */
export function describeLlmEndpoint(endpoint: LlmEndpoint | undefined): string {
  if (endpoint === undefined) return 'no network (recorded answers)';
  return endpoint.source === 'default' ? `the SDK's default ${endpoint.origin}` : `${endpoint.origin} (from ${endpoint.source})`;
}

/** The endpoint, if the value is an absolute http(s) URL; otherwise an error naming the variable but not echoing the value. */
function endpointOf(value: string, source: LlmEndpoint['source']): LlmEndpoint {
  const variable = source === 'default' ? 'the default base URL' : source;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LlmProviderConfigError(`${variable} is not a URL: expected an absolute http:// or https:// URL such as http://127.0.0.1:8000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LlmProviderConfigError(`${variable} must be an http:// or https:// URL such as http://127.0.0.1:8000 (its scheme is "${url.protocol}")`);
  }
  return { baseUrl: value, origin: url.origin, source };
}
