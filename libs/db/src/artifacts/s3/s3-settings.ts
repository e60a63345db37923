export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** How the S3 client reaches and signs for the object store. */
export interface S3Settings {
  credentials: S3Credentials;
  region: string;
  /** A MinIO-like endpoint (path-style addressing); undefined = AWS (virtual-hosted addressing). */
  endpoint?: URL;
  /** Per attempt, the whole request and response body included. */
  timeoutMs: number;
  /** Tries in all, the first included (the SDKs' AWS_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** First pause before a retry; doubles each time (with jitter), capped at 5 s. */
  firstBackoffMs: number;
}

export const S3_DEFAULTS = { region: 'us-east-1', timeoutMs: 60_000, maxAttempts: 4, firstBackoffMs: 200 } as const;

/**
 * The S3 settings from the AWS SDKs' own environment variables, so an operator sets what any AWS
 * tool reads: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION (or
 * AWS_DEFAULT_REGION), AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL), AWS_MAX_ATTEMPTS. Only keys in the
 * environment are supported (no profiles, instance metadata or web identity). Errors name the
 * variables, never their values.
 */
export function s3SettingsFromEnv(env: NodeJS.ProcessEnv = process.env, tuning: Partial<Pick<S3Settings, 'timeoutMs' | 'firstBackoffMs'>> = {}): S3Settings {
  const value = (name: string): string | undefined => (env[name]?.trim() ? env[name]?.trim() : undefined);
  const accessKeyId = value('AWS_ACCESS_KEY_ID');
  const secretAccessKey = value('AWS_SECRET_ACCESS_KEY');
  const missing = [accessKeyId ? undefined : 'AWS_ACCESS_KEY_ID', secretAccessKey ? undefined : 'AWS_SECRET_ACCESS_KEY'].filter(Boolean);
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new Error(`the s3:// artifact store needs ${missing.join(' and ')} in the environment (the AWS SDKs' variables; profiles and instance roles are not read)`);
  }
  const sessionToken = value('AWS_SESSION_TOKEN');
  const endpointName = value('AWS_ENDPOINT_URL_S3') ? 'AWS_ENDPOINT_URL_S3' : 'AWS_ENDPOINT_URL';
  const endpointText = value(endpointName);
  let endpoint: URL | undefined;
  if (endpointText !== undefined) {
    try {
      endpoint = new URL(endpointText);
    } catch {
      throw new Error(`${endpointName} is not a URL: expected e.g. http://minio:9000`);
    }
    if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
      throw new Error(`${endpointName} must start with http:// or https://`);
    }
  }
  const attemptsText = value('AWS_MAX_ATTEMPTS');
  const maxAttempts = attemptsText === undefined ? S3_DEFAULTS.maxAttempts : Number(attemptsText);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`AWS_MAX_ATTEMPTS must be a whole number ≥ 1, got ${JSON.stringify(attemptsText)}`);
  return {
    credentials: sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken },
    region: value('AWS_REGION') ?? value('AWS_DEFAULT_REGION') ?? S3_DEFAULTS.region,
    ...(endpoint === undefined ? {} : { endpoint }),
    timeoutMs: tuning.timeoutMs ?? S3_DEFAULTS.timeoutMs,
    maxAttempts,
    firstBackoffMs: tuning.firstBackoffMs ?? S3_DEFAULTS.firstBackoffMs,
  };
}
