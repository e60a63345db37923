import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { servedRoutesOf } from '../http/api-http-adapter';
import { checkRouteTable } from '../http/check-route-table';
import { defineRoute, route, type RouteHandler } from '../http/route-spec';
import { isDashboardPath } from '../dashboard/dashboard-paths';
import { API_ROUTE_TABLE } from '../routes/api-routes';
import { startTestApi, type TestApi } from '../testing/test-api';
import { buildOpenApiDocument, openApiPathOf } from './build-openapi-document';
import { checkOpenApiDocument } from './check-openapi-document';
import type { JsonSchema } from './schema-components';

let api: TestApi;
let served: JsonSchema;

before(async () => {
  api = await startTestApi();
  const response = await api.fastify.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(response.statusCode, 200);
  served = response.json();
});
after(async () => {
  await api.close();
});

type Operation = { operationId: string; security: Record<string, string[]>[]; parameters?: JsonSchema[]; requestBody?: JsonSchema; responses: JsonSchema };
function operations(document: JsonSchema): [string, Operation][] {
  return Object.entries(document['paths'] as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as [string, Operation]),
  );
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document: paths, operations, parameters, responses, and every $ref resolves', () => {
    assert.equal(served['openapi'], '3.1.1');
    assert.deepEqual(checkOpenApiDocument(served), []);
  });

  it('is what the route table generates', () => {
    assert.deepEqual(served, JSON.parse(JSON.stringify(buildOpenApiDocument(API_ROUTE_TABLE))));
  });

  it('documents every route Fastify serves, and serves every route it documents', () => {
    const routes = servedRoutesOf(api.fastify);
    const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
    const servedKeys = routes
      // HEAD is Fastify's automatic twin of each GET; under /queues/ is the dashboard's own (its assets and private API).
      .filter((r) => !(r.method === 'HEAD' && (gets.has(r.url) || isDashboardPath(r.url))))
      .filter((r) => !r.url.startsWith('/queues/'))
      .map((r) => `${r.method} ${openApiPathOf(r.url)}`);
    const documented = operations(served).map(([key]) => key);
    assert.deepEqual([...new Set(servedKeys)].sort(), [...documented].sort());
  });

  it('puts a bearer token on every mutating operation but those that say why not', () => {
    const publicMutations = API_ROUTE_TABLE.filter(({ spec }) => spec.method !== 'GET' && spec.auth === 'public');
    const publicKeys = ['POST /v1/session', 'POST /v1/recommend', 'POST /v1/recommend/batch'];
    assert.deepEqual(publicMutations.map(({ spec }) => `${spec.method} ${spec.path}`), publicKeys);
    for (const { spec } of publicMutations) assert.ok(spec.publicBecause, `${spec.path} says why it is public`);
    for (const [key, operation] of operations(served)) {
      if (key.startsWith('GET ') || publicKeys.includes(key)) continue;
      assert.deepEqual(operation.security, [{ bearerAuth: [] }], key);
      assert.ok('401' in operation.responses, key);
    }
  });

  it('describes requests as input (defaults optional) and names the shared schemas as components', () => {
    const list = operations(served).find(([key]) => key === 'GET /v1/datasets')?.[1];
    const limit = list?.parameters?.find((p) => p['name'] === 'limit');
    assert.equal(limit?.['required'], false);
    assert.deepEqual((limit?.['schema'] as JsonSchema)['default'], 20);
    const schemas = (served['components'] as { schemas: JsonSchema }).schemas;
    for (const name of ['Problem', 'FieldError', 'Dataset', 'DatasetList', 'DatasetImported', 'HealthReport']) assert.ok(name in schemas, name);
    const upload = operations(served).find(([key]) => key === 'POST /v1/datasets')?.[1].requestBody as { content: Record<string, { schema: JsonSchema }> };
    assert.deepEqual(upload.content['multipart/form-data']?.schema['required'], ['name', 'items', 'sessions']);
  });

  it("lists the dashboard's reads: public, with their parameters, their 200 schema and the 404s they answer", () => {
    const byKey = new Map(operations(served));
    const expected: [string, string, string[], string, boolean][] = [
      // key, operationId, parameters (path first), the 200's schema, answers 404
      ['GET /v1/runs/{id}/curves', 'getRunCurves', ['id'], 'RunCurves', true],
      ['GET /v1/runs/{id}/selection', 'getRunSelection', ['id', 'samples', 'top'], 'RunSelectionDetail', true],
      ['GET /v1/compare', 'compareStrategies', ['dataset', 'backbone', 'budget', 'maxSteps'], 'Comparison', false],
      ['GET /v1/datasets/{name}/items', 'searchItems', ['name', 'q', 'limit'], 'ItemSearch', true],
    ];
    for (const [key, operationId, parameters, schema, notFound] of expected) {
      const operation = byKey.get(key);
      assert.ok(operation, `${key} is documented`);
      assert.equal(operation.operationId, operationId, key);
      assert.deepEqual(operation.security, [], `${key} is public`);
      assert.deepEqual(operation.parameters?.map((p) => p['name']), parameters, key);
      const ok = operation.responses['200'] as { content: Record<string, { schema: JsonSchema }> };
      assert.equal(ok.content['application/json']?.schema['$ref'], `#/components/schemas/${schema}`, key);
      assert.equal('404' in operation.responses, notFound, key);
      assert.ok('400' in operation.responses, key);
    }
    const compare = byKey.get('GET /v1/compare');
    assert.deepEqual(compare?.parameters?.filter((p) => p['required']).map((p) => p['name']), ['dataset', 'backbone']);
  });

  it('fails a document with a dangling $ref or an undeclared path parameter (the check can fail)', () => {
    const broken = JSON.parse(JSON.stringify(served)) as JsonSchema;
    const paths = broken['paths'] as Record<string, Record<string, Operation>>;
    (paths['/v1/datasets/{name}'] as Record<string, Operation>)['get']!.parameters = [];
    delete (broken['components'] as { schemas: JsonSchema }).schemas['Problem'];
    const problems = checkOpenApiDocument(broken);
    assert.ok(problems.includes('GET /v1/datasets/{name}: {name} has no path parameter'), problems.join('\n'));
    assert.ok(problems.includes('$ref #/components/schemas/Problem does not resolve'), problems.join('\n'));
  });
});

describe('the route table rules', () => {
  const handler = class implements RouteHandler<never> {
    async handle(): Promise<never> {
      throw new Error('not called');
    }
  };
  const spec = defineRoute({ operationId: 'x', method: 'DELETE', path: '/v1/x', summary: 'x', tags: [], auth: 'public', responses: { 204: { description: 'x' } } });

  it('refuses a public mutating route that does not say why, and a route listed twice', () => {
    assert.throws(() => checkRouteTable([route(spec, handler)]), /DELETE \/v1\/x changes something but is public without saying why/);
    const explained = { ...spec, publicBecause: 'a test' };
    assert.doesNotThrow(() => checkRouteTable([route(explained, handler)]));
    assert.throws(() => checkRouteTable([route(explained, handler), route({ ...explained, operationId: 'y' }, handler)]), /DELETE \/v1\/x is in the route table twice/);
  });
});

describe('the docs page', () => {
  it('serves Swagger UI from node_modules, with nothing from a CDN', async () => {
    const page = await api.fastify.inject({ method: 'GET', url: '/docs' });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /https?:\/\//);
    for (const src of page.body.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const asset = await api.fastify.inject({ method: 'GET', url: src[1] as string });
      assert.equal(asset.statusCode, 200, src[1]);
      assert.ok(asset.rawPayload.length > 100, src[1]);
    }
    assert.equal((await api.fastify.inject({ method: 'GET', url: '/docs/assets/..%2Fpackage.json' })).statusCode, 404);
  });
});
