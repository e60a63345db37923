import type { FastifyRequest } from 'fastify';
import { ApiProblem } from '../http/api-problem';
import type { TokenVerifier } from './token-verifier';

/** The queue dashboard's cookie (POST /v1/session sets it). */
export const DASHBOARD_COOKIE = 'alkdrec_dashboard';
const REALM = 'realm="alkdrec"';

/**
 * Whether a request may use a protected route: `Authorization: Bearer <token>` with a configured
 * token, or (where `cookie` is allowed, the dashboard) the dashboard cookie. Undefined when allowed;
 * otherwise the 401 to answer, with `WWW-Authenticate: Bearer` (RFC 6750). Nothing here logs.
 */
export function authProblem(request: FastifyRequest, verifier: TokenVerifier, options: { cookie: boolean }): ApiProblem | undefined {
  if (!verifier.required) return undefined;
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const token = bearerTokenOf(authorization);
    if (token === undefined) return unauthorized('the Authorization header must be "Bearer <token>"', `Bearer ${REALM}, error="invalid_request"`);
    return verifier.verifyToken(token) ? undefined : unauthorized('the bearer token is not valid', `Bearer ${REALM}, error="invalid_token"`);
  }
  const cookie = options.cookie ? cookieValue(request.headers.cookie, DASHBOARD_COOKIE) : undefined;
  if (cookie !== undefined) {
    return verifier.verifyCookie(cookie) ? undefined : unauthorized('the dashboard cookie is not valid; sign in again (POST /v1/session)', `Bearer ${REALM}`);
  }
  const how = options.cookie ? 'send Authorization: Bearer <token>, or sign in with POST /v1/session' : 'send Authorization: Bearer <token>';
  return unauthorized(`this route needs a bearer token: ${how}`, `Bearer ${REALM}`);
}

function unauthorized(detail: string, challenge: string): ApiProblem {
  return new ApiProblem('unauthorized', detail, { headers: { 'www-authenticate': challenge } });
}

/** The token of `Bearer <token>` (scheme case-insensitive), or undefined for anything else. */
export function bearerTokenOf(authorization: string): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  return match?.[1];
}

/** One cookie's value from a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator !== -1 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return undefined;
}
