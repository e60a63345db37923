import { Problem, PROBLEM_CONTENT_TYPE, PROBLEM_KINDS, type ProblemKind } from '@alkdrec/contracts';
import { STATUS_CODES } from 'node:http';
import { JSON_CONTENT_TYPE, type ResponseSpec, type RouteSpec } from '../http/route-spec';
import type { JsonSchema, SchemaComponents } from './schema-components';

/** The OpenAPI operation of a route spec. */
export function operationOf(spec: RouteSpec, components: SchemaComponents): JsonSchema {
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [...spec.tags],
    security: securityOf(spec),
    ...(spec.params || spec.query ? { parameters: [...parametersOf(spec.params, 'path', components), ...parametersOf(spec.query, 'query', components)] } : {}),
    ...requestBodyOf(spec, components),
    responses: responsesOf(spec, components),
  };
}

function securityOf(spec: RouteSpec): Record<string, string[]>[] {
  if (spec.auth === 'public') return [];
  return [{ bearerAuth: [] }, ...(spec.dashboardCookie ? [{ dashboardCookie: [] }] : [])];
}

function parametersOf(schema: RouteSpec['params'], location: 'path' | 'query', components: SchemaComponents): JsonSchema[] {
  if (!schema) return [];
  const json = components.toSchema(schema, 'input');
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof property['description'] === 'string' ? { description: property['description'] } : {}),
    schema: property,
  }));
}

function requestBodyOf(spec: RouteSpec, components: SchemaComponents): JsonSchema {
  if (spec.body) {
    const schema = components.toSchema(spec.body, 'input');
    const types = spec.bodyContentTypes ?? [JSON_CONTENT_TYPE];
    return { requestBody: { required: true, content: Object.fromEntries(types.map((type) => [type, { schema }])) } };
  }
  if (!spec.upload) return {};
  const fields = components.toSchema(spec.upload.fields, 'input');
  const files = Object.entries(spec.upload.files as Record<string, string>);
  const schema = {
    type: 'object',
    properties: {
      ...((fields['properties'] ?? {}) as JsonSchema),
      ...Object.fromEntries(files.map(([name, description]) => [name, { type: 'string', contentMediaType: 'application/octet-stream', description }])),
    },
    required: [...((fields['required'] ?? []) as string[]), ...files.map(([name]) => name)],
  };
  return { requestBody: { required: true, content: { 'multipart/form-data': { schema } } } };
}

function responsesOf(spec: RouteSpec, components: SchemaComponents): JsonSchema {
  const responses: JsonSchema = {};
  for (const [status, response] of Object.entries(spec.responses)) responses[status] = responseOf(response, components);
  const problem = { schema: components.toSchema(Problem, 'output') };
  for (const kind of problemsOf(spec)) {
    const status = String(PROBLEM_KINDS[kind]);
    if (status in responses) continue;
    responses[status] = {
      description: `${STATUS_CODES[PROBLEM_KINDS[kind]]} (${kind})`,
      ...(kind === 'unauthorized' ? { headers: { 'WWW-Authenticate': { description: 'Bearer realm="alkdrec"', schema: { type: 'string' } } } } : {}),
      content: { [PROBLEM_CONTENT_TYPE]: problem },
    };
  }
  return responses;
}

/** The route's own problems and those every route may answer: 400 with inputs, 401 with auth, 500 and 503. */
export function problemsOf(spec: RouteSpec): ProblemKind[] {
  const kinds = new Set<ProblemKind>(spec.problems ?? []);
  if (spec.params || spec.query || spec.body || spec.upload) kinds.add('validation');
  if (spec.auth === 'bearer') kinds.add('unauthorized');
  kinds.add('internal');
  kinds.add('unavailable');
  return [...kinds].sort((a, b) => PROBLEM_KINDS[a] - PROBLEM_KINDS[b]);
}

function responseOf(response: ResponseSpec, components: SchemaComponents): JsonSchema {
  const headers = Object.entries(response.headers ?? {});
  let content: JsonSchema | undefined;
  if (response.schema) {
    const schema = components.toSchema(response.schema, 'output');
    content = Object.fromEntries((response.contentTypes ?? [JSON_CONTENT_TYPE]).map((type) => [type, { schema }]));
  } else if (response.contentTypes) {
    content = Object.fromEntries(response.contentTypes.map((type) => [type, { schema: { type: 'string' } }]));
  }
  return {
    description: response.description,
    ...(headers.length > 0 ? { headers: Object.fromEntries(headers.map(([name, description]) => [name, { description, schema: { type: 'string' } }])) } : {}),
    ...(content ? { content } : {}),
  };
}
