import type { JsonSchema } from './schema-components';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const LOCATIONS = ['query', 'header', 'path', 'cookie'];

/**
 * A structural check of an OpenAPI 3.1 document (no validator package in the repository): version
 * and info, paths and their template variables against path parameters, operations with unique ids
 * and described responses, parameters, request bodies, security schemes that exist, and every
 * `$ref` resolving inside the document. Returns the problems found; none means it passed.
 */
export function checkOpenApiDocument(document: JsonSchema): string[] {
  const problems: string[] = [];
  if (typeof document['openapi'] !== 'string' || !/^3\.1\.\d+$/.test(document['openapi'])) problems.push('openapi: expected 3.1.x');
  const info = document['info'] as JsonSchema | undefined;
  if (typeof info?.['title'] !== 'string' || typeof info['version'] !== 'string') problems.push('info: needs title and version');
  const paths = document['paths'];
  if (!isObject(paths)) return [...problems, 'paths: expected an object'];
  const schemes = Object.keys(((document['components'] as JsonSchema | undefined)?.['securitySchemes'] ?? {}) as JsonSchema);
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/')) problems.push(`${path}: a path starts with /`);
    if (!isObject(item)) {
      problems.push(`${path}: expected a path item`);
      continue;
    }
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
    for (const [method, operation] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!METHODS.includes(method) || !isObject(operation)) {
        problems.push(`${where}: not an operation`);
        continue;
      }
      problems.push(...checkOperation(where, operation, templated, schemes));
      const id = operation['operationId'];
      if (typeof id !== 'string') problems.push(`${where}: no operationId`);
      else if (operationIds.has(id)) problems.push(`${where}: operationId ${id} used twice`);
      else operationIds.add(id);
    }
  }
  for (const ref of refsIn(document)) {
    if (resolvePointer(document, ref) === undefined) problems.push(`$ref ${ref} does not resolve`);
  }
  return problems;
}

function checkOperation(where: string, operation: JsonSchema, templated: string[], schemes: string[]): string[] {
  const problems: string[] = [];
  const parameters = (operation['parameters'] ?? []) as JsonSchema[];
  for (const parameter of parameters) {
    if (typeof parameter['name'] !== 'string' || !LOCATIONS.includes(String(parameter['in']))) problems.push(`${where}: parameter needs name and in`);
    if (!isObject(parameter['schema']) && !isObject(parameter['content'])) problems.push(`${where}: parameter ${String(parameter['name'])} has no schema`);
    if (parameter['in'] === 'path' && parameter['required'] !== true) problems.push(`${where}: path parameter ${String(parameter['name'])} must be required`);
  }
  const inPath = parameters.filter((p) => p['in'] === 'path').map((p) => String(p['name']));
  for (const name of templated) if (!inPath.includes(name)) problems.push(`${where}: {${name}} has no path parameter`);
  for (const name of inPath) if (!templated.includes(name)) problems.push(`${where}: path parameter ${name} is not in the path`);
  const body = operation['requestBody'];
  if (body !== undefined && (!isObject(body) || !isObject(body['content']) || Object.keys(body['content']).length === 0)) {
    problems.push(`${where}: requestBody needs content`);
  }
  const responses = operation['responses'];
  if (!isObject(responses) || Object.keys(responses).length === 0) problems.push(`${where}: no responses`);
  else {
    for (const [status, response] of Object.entries(responses)) {
      if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) problems.push(`${where}: response key ${status}`);
      if (!isObject(response) || typeof response['description'] !== 'string') problems.push(`${where}: response ${status} has no description`);
    }
  }
  for (const requirement of (operation['security'] ?? []) as JsonSchema[]) {
    for (const name of Object.keys(requirement)) if (!schemes.includes(name)) problems.push(`${where}: security scheme ${name} is not defined`);
  }
  return problems;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (!isObject(node)) return [];
  const own = typeof node['$ref'] === 'string' ? [node['$ref']] : [];
  return [...own, ...Object.values(node).flatMap(refsIn)];
}

/** A local JSON pointer (`#/components/schemas/X`), or undefined when it does not resolve (or is not local). */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
    if (node === undefined) return undefined;
  }
  return node;
}
