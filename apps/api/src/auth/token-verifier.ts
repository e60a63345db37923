import { createHash, timingSafeEqual } from 'node:crypto';

/** What the dashboard cookie holds instead of the token: useless as a bearer token on the api. */
const COOKIE_CONTEXT = 'alkdrec-dashboard-cookie\n';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Checks presented credentials against the configured tokens in constant time: both sides are
 * hashed (equal lengths whatever was sent) and compared with timingSafeEqual against every token,
 * without stopping at a match, so the time says nothing about which token or how much of it matched.
 */
export class TokenVerifier {
  private readonly tokenDigests: readonly Buffer[];
  private readonly cookieDigests: readonly Buffer[];

  constructor(tokens: readonly string[]) {
    this.tokenDigests = tokens.map(sha256);
    this.cookieDigests = tokens.map((token) => sha256(dashboardCookieValue(token)));
  }

  /** False when no token is configured: an api on loopback, open to this machine (docs/api.md). */
  get required(): boolean {
    return this.tokenDigests.length > 0;
  }

  verifyToken(presented: string): boolean {
    return matchesAny(sha256(presented), this.tokenDigests);
  }

  verifyCookie(presented: string): boolean {
    return matchesAny(sha256(presented), this.cookieDigests);
  }
}

/** The dashboard cookie's value for a token: a one-way digest, so the cookie never carries the token. */
export function dashboardCookieValue(token: string): string {
  return sha256(COOKIE_CONTEXT + token).toString('hex');
}

function matchesAny(digest: Buffer, candidates: readonly Buffer[]): boolean {
  let match = false;
  for (const candidate of candidates) match = timingSafeEqual(digest, candidate) || match;
  return match;
}
