import { formatS3Url, type S3Object } from './s3-location';

/** What to check for the usual refusals; the message never carries a credential. */
const HINTS: Record<string, string> = {
  SignatureDoesNotMatch: 'check AWS_SECRET_ACCESS_KEY',
  InvalidAccessKeyId: 'check AWS_ACCESS_KEY_ID',
  ExpiredToken: 'the AWS_SESSION_TOKEN has expired',
  InvalidToken: 'check AWS_SESSION_TOKEN',
  AccessDenied: "check the credentials and the bucket's policy (without s3:ListBucket a missing key is also a 403)",
  NoSuchBucket: 'create the bucket or fix ARTIFACT_STORE',
  AuthorizationHeaderMalformed: 'check AWS_REGION (or AWS_DEFAULT_REGION)',
  PermanentRedirect: 'check AWS_REGION: the bucket is in another region',
};

/** An S3 request that failed for good: an answer we do not retry, or the last of the retries. */
export class S3RequestError extends Error {
  override readonly name = 'S3RequestError';
  constructor(
    readonly method: string,
    readonly object: S3Object,
    /** HTTP status, or undefined when no answer came (network error, timeout). */
    readonly status: number | undefined,
    /** S3's error code (`AccessDenied`, `SlowDown`, …) when it sent one. */
    readonly code: string | undefined,
    detail: string,
    readonly attempts: number,
  ) {
    const hint = code !== undefined ? HINTS[code] : undefined;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    super(`S3 ${method} ${formatS3Url(object)} failed${tries}: ${detail}${hint ? `; ${hint}` : ''}`);
  }
}

/** `<Code>` and `<Message>` of an S3 XML error body (plain text, cut short, control characters dropped). */
export function parseS3ErrorBody(body: string): { code?: string; message?: string } {
  const field = (name: string) => {
    const value = new RegExp(`<${name}>([^<]{0,300})</${name}>`).exec(body)?.[1];
    return value === undefined ? undefined : value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  };
  const code = field('Code');
  const message = field('Message');
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}
