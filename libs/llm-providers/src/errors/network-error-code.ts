/**
 * The system error code (ECONNREFUSED, ECONNRESET, ETIMEDOUT, …) somewhere in an error's cause
 * chain: fetch wraps it as TypeError("fetch failed") → cause, and the SDK wraps that once more.
 */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
