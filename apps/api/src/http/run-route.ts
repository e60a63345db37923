import type { FieldError } from '@alkdrec/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { receiveUpload, type ReceivedUpload, type UploadLimits } from '../uploads/receive-upload';
import { ApiProblem } from './api-problem';
import { JSON_CONTENT_TYPE, type RouteHandler, type RouteSpec } from './route-spec';
import { parseInput } from './validate-input';

type AnyResult = { status: number; body?: unknown; headers?: Record<string, string> } | { handled: true };

/**
 * One request through one route: the body's content type, then params, query and body parsed by
 * their schemas (every failing field in one 400, before an upload is read), the upload streamed to
 * temporary files, the handler, and its answer parsed by the declared response's schema before it
 * is sent. The upload's files are removed whatever happens, before the answer goes out.
 */
export async function runRoute(
  spec: RouteSpec,
  handler: RouteHandler<RouteSpec>,
  request: FastifyRequest,
  reply: FastifyReply,
  limits: UploadLimits,
): Promise<FastifyReply> {
  checkContentType(spec, request);
  const errors: FieldError[] = [];
  const params = parseInput(spec.params, request.params, 'params', errors);
  const query = parseInput(spec.query, request.query, 'query', errors);
  let body = parseInput(spec.body, request.body, 'body', errors);
  if (errors.length > 0) throw ApiProblem.validation(errors);

  let upload: ReceivedUpload | undefined;
  let result: AnyResult;
  try {
    if (spec.upload) {
      upload = await receiveUpload(request, spec.upload, limits);
      body = upload.fields;
    }
    const input = { params, query, body, files: upload?.files, request, reply } as Parameters<RouteHandler<RouteSpec>['handle']>[0];
    result = (await handler.handle(input)) as AnyResult;
  } finally {
    // Before answering: when the client has its answer, the upload's files are gone.
    await upload?.cleanup();
  }
  if ('handled' in result) return reply;
  return sendResult(spec, result, reply);
}

function checkContentType(spec: RouteSpec, request: FastifyRequest): void {
  if (spec.upload) {
    if (!request.isMultipart()) throw new ApiProblem('unsupported-media-type', 'expected a multipart/form-data body');
    return;
  }
  if (!spec.body) return;
  const accepted = spec.bodyContentTypes ?? [JSON_CONTENT_TYPE];
  const sent = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!accepted.includes(sent)) {
    throw new ApiProblem('unsupported-media-type', `expected a body of type ${accepted.join(' or ')}${sent ? `, not ${sent}` : ''}`);
  }
}

/** A handler answering with an undeclared status, content type or a body its schema refuses is a bug: a 500. */
function sendResult(spec: RouteSpec, result: { status: number; body?: unknown; headers?: Record<string, string> }, reply: FastifyReply): FastifyReply {
  const response = spec.responses[result.status];
  if (!response) throw new Error(`${spec.operationId} answered ${result.status}, which its spec does not declare`);
  const { 'content-type': contentType, ...headers } = result.headers ?? {};
  for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
  void reply.code(result.status);
  if (response.schema) {
    const parsed = response.schema.safeParse(result.body);
    if (!parsed.success) throw new Error(`${spec.operationId}'s ${result.status} answer breaks its schema: ${parsed.error.message}`);
    return reply.type(response.contentTypes?.[0] ?? JSON_CONTENT_TYPE).send(parsed.data);
  }
  if (response.contentTypes) {
    const type = contentType ?? response.contentTypes[0];
    if (!type || !response.contentTypes.includes(type)) throw new Error(`${spec.operationId} answered ${String(type)}, which its spec does not declare`);
    return reply.type(type).send(result.body);
  }
  return reply.send();
}
