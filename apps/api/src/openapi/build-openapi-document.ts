import { DASHBOARD_COOKIE } from '../auth/check-auth';
import type { ApiRoute } from '../http/route-spec';
import { operationOf } from './openapi-operation';
import { SchemaComponents, type JsonSchema } from './schema-components';

export const OPENAPI_VERSION = '3.1.1';
export const API_VERSION = '0.1.0';

/** `/v1/datasets/:name` → `/v1/datasets/{name}`. */
export function openApiPathOf(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

/** The OpenAPI 3.1 document of the route table: everything in it comes from the routes' specs. */
export function buildOpenApiDocument(routes: readonly ApiRoute[]): JsonSchema {
  const components = new SchemaComponents();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const { spec } of routes) {
    const path = openApiPathOf(spec.path);
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operationOf(spec, components) };
  }
  const tags = [...new Set(routes.flatMap(({ spec }) => spec.tags))].sort();
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'ALKDRec API',
      version: API_VERSION,
      description:
        'Datasets, runs and models of ALKDRec. Errors are application/problem+json (RFC 9457) with `errors: [{field, message, line?}]`; ' +
        'mutating routes need `Authorization: Bearer <token>`. See docs/api.md.',
    },
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      schemas: components.finish(),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'A token of API_TOKENS / API_TOKENS_FILE' },
        dashboardCookie: { type: 'apiKey', in: 'cookie', name: DASHBOARD_COOKIE, description: 'Set by POST /v1/session; opens the queue dashboard only' },
      },
    },
  };
}
