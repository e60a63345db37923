import { z } from 'zod';

/**
 * The kinds of error the api answers with: one list, each with its HTTP status. A problem's `type`
 * is `urn:alkdrec:problem:<kind>` (RFC 9457 / 7807 problem details); clients switch on it, never on
 * the wording of `detail`.
 */
export const PROBLEM_KINDS = {
  /** A parameter, query field or body field breaks its schema; `errors` names each one. */
  validation: 400,
  /** No bearer token, or not a valid one. */
  unauthorized: 401,
  'not-found': 404,
  /** The request conflicts with what exists (a dataset name taken, or reserved for a bundled dataset). */
  conflict: 409,
  /** A body or an uploaded file is over its size limit. */
  'payload-too-large': 413,
  /** The body is not in a content type the route accepts. */
  'unsupported-media-type': 415,
  /** Well-formed request, unusable content: a dataset file with a bad line, or too small to train. */
  'unprocessable-content': 422,
  /** A dependency (PostgreSQL, Redis) does not answer; try again later. */
  unavailable: 503,
  /** A bug: the detail is generic, the log has the stack under the request id. */
  internal: 500,
} as const;
export type ProblemKind = keyof typeof PROBLEM_KINDS;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemTypeOf(kind: ProblemKind): string {
  return `urn:alkdrec:problem:${kind}`;
}

/** One failing field: its path (`query.limit`, `body.token`, `body.sessions`), and the line for a file. */
export const FieldError = z
  .object({
    field: z.string(),
    message: z.string(),
    /** 1-based line of an uploaded file where the problem is. */
    line: z.number().int().min(1).optional(),
  })
  .meta({ id: 'FieldError' });
export type FieldError = z.infer<typeof FieldError>;

/** Every error the api answers with (Content-Type: application/problem+json). */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    /** One line for a person; names the field, file and line when there is one. */
    detail: z.string(),
    /** The request path. */
    instance: z.string(),
    /** Also in the logs: quote it when reporting a 500. */
    requestId: z.string(),
    /** Every failing field (validation, unprocessable content, payload too large). */
    errors: z.array(FieldError).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;
