import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE, problemTypeOf, type Problem } from '@alkdrec/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiProblem } from './api-problem';

/** The request path, without the query string (which may carry what should not be echoed). */
export function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

export function problemBody(problem: ApiProblem, request: FastifyRequest): Problem {
  return {
    type: problemTypeOf(problem.kind),
    title: STATUS_CODES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.detail,
    instance: pathOf(request),
    requestId: String(request.id),
    ...(problem.options.errors ? { errors: [...problem.options.errors] } : {}),
  };
}

/** Answers with the problem: its status, headers and an application/problem+json body. */
export function sendProblem(reply: FastifyReply, problem: ApiProblem): FastifyReply {
  for (const [name, value] of Object.entries(problem.options.headers ?? {})) void reply.header(name, value);
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problemBody(problem, reply.request));
}
