import { setTimeout as sleep } from 'node:timers/promises';
import aws4 from 'aws4';
import { S3RequestError, parseS3ErrorBody } from './s3-error';
import { objectHttpUrl, type S3Object } from './s3-location';
import type { S3Settings } from './s3-settings';

export interface S3Response {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

interface S3Call {
  method: 'GET' | 'PUT';
  object: S3Object;
  body?: Uint8Array;
  headers?: Record<string, string>;
  /** Statuses the caller handles itself (a GET's 404), returned instead of thrown. */
  expected?: readonly number[];
}

/** Throttling and server-side trouble: worth another try after a pause. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set(['SlowDown', 'RequestTimeout', 'InternalError', 'ServiceUnavailable', 'Throttling', 'RequestTimeTooSkewed']);

/**
 * The two object calls the artifact store needs, signed with SigV4 (aws4) over fetch. Each attempt
 * is signed afresh (the signature carries the time), bounded by `timeoutMs` for the whole exchange,
 * and retried with jittered exponential backoff on 5xx, throttling and network errors.
 */
export class S3Client {
  constructor(
    readonly settings: S3Settings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async putObject(object: S3Object, body: Uint8Array, metadata: Record<string, string>): Promise<void> {
    const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
    for (const [name, value] of Object.entries(metadata)) headers[`x-amz-meta-${name}`] = value;
    await this.call({ method: 'PUT', object, body, headers });
  }

  /** The object, or undefined when it does not exist (404). */
  async getObject(object: S3Object): Promise<S3Response | undefined> {
    const response = await this.call({ method: 'GET', object, expected: [404] });
    return response.status === 404 ? undefined : response;
  }

  private async call(call: S3Call): Promise<S3Response> {
    const { maxAttempts } = this.settings;
    let delayMs = this.settings.firstBackoffMs;
    for (let attempt = 1; ; attempt++) {
      let outcome: S3Response | Error;
      try {
        outcome = await this.attempt(call);
      } catch (error) {
        outcome = error as Error;
      }
      if (!(outcome instanceof Error)) {
        if ((outcome.status >= 200 && outcome.status < 300) || call.expected?.includes(outcome.status)) return outcome;
        const { code, message } = parseS3ErrorBody(new TextDecoder().decode(outcome.body));
        const retryable = RETRYABLE_STATUS.has(outcome.status) || (code !== undefined && RETRYABLE_CODES.has(code));
        if (!retryable || attempt >= maxAttempts) {
          const detail = `${outcome.status}${code ? ` ${code}` : ''}${message ? ` (${message})` : ''}`;
          throw new S3RequestError(call.method, call.object, outcome.status, code, detail, attempt);
        }
      } else if (attempt >= maxAttempts) {
        const where = objectHttpUrl(call.object, this.settings.region, this.settings.endpoint).origin;
        throw new S3RequestError(call.method, call.object, undefined, undefined, `no answer from ${where}: ${describeNetworkError(outcome, this.settings.timeoutMs)}`, attempt);
      }
      await sleep(delayMs / 2 + Math.random() * (delayMs / 2));
      delayMs = Math.min(delayMs * 2, 5_000);
    }
  }

  private async attempt(call: S3Call): Promise<S3Response> {
    const { credentials, region, endpoint, timeoutMs } = this.settings;
    const url = objectHttpUrl(call.object, region, endpoint);
    const body = call.body === undefined ? undefined : Buffer.from(call.body.buffer, call.body.byteOffset, call.body.byteLength);
    const signed = aws4.sign(
      { method: call.method, host: url.host, path: url.pathname, service: 's3', region, headers: { ...call.headers }, ...(body ? { body } : {}) },
      credentials,
    );
    // fetch sets Host and Content-Length itself (to the values signed); it refuses to be given them.
    const headers = Object.fromEntries(
      Object.entries(signed.headers ?? {})
        .filter(([name]) => !['host', 'content-length'].includes(name.toLowerCase()))
        .map(([name, value]) => [name, String(value)]),
    );
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await this.fetchImpl(url, { method: call.method, headers, ...(body ? { body } : {}), signal });
    return { status: response.status, headers: response.headers, body: new Uint8Array(await response.arrayBuffer()) };
  }
}

function describeNetworkError(error: Error, timeoutMs: number): string {
  if (error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
