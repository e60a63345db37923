import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { bearerTokenOf } from '../../auth/check-auth';

/**
 * Who asked for a promote or rollback, for the history: `api:` and the first 8 hex digits of the
 * bearer token's sha256 (tells tokens apart without recording them), or `api` when the api runs
 * without tokens.
 */
export function requestedBy(request: FastifyRequest): string {
  const token = request.headers.authorization === undefined ? undefined : bearerTokenOf(request.headers.authorization);
  return token === undefined ? 'api' : `api:${createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 8)}`;
}
