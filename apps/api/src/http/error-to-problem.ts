import { Prisma } from '@alkdrec/db';
import { isRedisOffline } from '@alkdrec/service-kit';
import { ApiProblem } from './api-problem';

/** Fastify's and @fastify/multipart's errors that are the client's doing, by code. */
const CLIENT_ERRORS: Readonly<Record<string, (error: FastifyLikeError) => ApiProblem>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    new ApiProblem('payload-too-large', 'body: over the body size limit (API_BODY_LIMIT_BYTES)', {
      errors: [{ field: 'body', message: 'over the body size limit (API_BODY_LIMIT_BYTES)' }],
    }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (error) => new ApiProblem('unsupported-media-type', error.message),
  FST_INVALID_MULTIPART_CONTENT_TYPE: () => new ApiProblem('unsupported-media-type', 'expected a multipart/form-data body'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => bodyProblem('empty body with Content-Type application/json'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => bodyProblem('not valid JSON'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => bodyProblem('shorter or longer than its Content-Length'),
  FST_MP_PREMATURE_CLOSE: () => bodyProblem('the multipart body ended early'),
  FST_PROTO_VIOLATION: () => bodyProblem('a form field may not be named like an Object.prototype property'),
  FST_PARTS_LIMIT: () => new ApiProblem('payload-too-large', 'body: too many parts in the multipart body'),
  FST_FILES_LIMIT: () => new ApiProblem('payload-too-large', 'body: too many files in the multipart body'),
  FST_FIELDS_LIMIT: () => new ApiProblem('payload-too-large', 'body: too many fields in the multipart body'),
};

interface FastifyLikeError {
  code?: string;
  message: string;
  statusCode?: number;
}

function bodyProblem(message: string): ApiProblem {
  return ApiProblem.validation([{ field: 'body', message }]);
}

/**
 * What to answer for an error a route threw: itself when it is an ApiProblem, a named client error
 * (bad JSON, a body over the limit, …), 503 when PostgreSQL or Redis cannot be reached; otherwise undefined —
 * a bug, answered as a generic 500 and logged with its stack.
 */
export function errorToProblem(error: unknown): ApiProblem | undefined {
  if (error instanceof ApiProblem) return error;
  const code = (error as FastifyLikeError | undefined)?.code;
  const known = code === undefined ? undefined : CLIENT_ERRORS[code];
  if (known) return known(error as FastifyLikeError);
  if (isRedisOffline(error)) {
    // A run's row may already be written (PostgreSQL is the truth): the selector drives it once Redis is back, and repeating the request is safe.
    return new ApiProblem('unavailable', 'Redis cannot be reached, so nothing could be queued; try again later (repeating the request is safe)');
  }
  if (error instanceof Prisma.PrismaClientInitializationError || isConnectionError(error)) {
    return new ApiProblem('unavailable', 'the database cannot be reached; try again later');
  }
  // P2021: a table is missing — the database was not migrated (npm run db:migrate) or is another schema.
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2021') {
    return new ApiProblem('unavailable', 'the database is not migrated (npm run db:migrate); try again later');
  }
  const status = (error as FastifyLikeError | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return ApiProblem.validation([{ field: 'request', message: (error as Error).message }]);
  }
  return undefined;
}

/** P1001: can't reach the server; P1017: it closed the connection; pg's ECONNREFUSED through the adapter. */
function isConnectionError(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === 'P1001' || error.code === 'P1017';
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT';
}

