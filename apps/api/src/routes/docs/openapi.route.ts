import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { defineRoute, type ApiRoute, type RouteHandler, type RouteResult } from '../../http/route-spec';
import { ROUTE_TABLE } from '../../http/route-table.token';
import { buildOpenApiDocument } from '../../openapi/build-openapi-document';

export const openApiSpec = defineRoute({
  operationId: 'getOpenApiDocument',
  method: 'GET',
  path: '/openapi.json',
  summary: 'This document: OpenAPI 3.1, generated from the route table',
  tags: ['docs'],
  auth: 'public',
  responses: { 200: { description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
});
type Spec = typeof openApiSpec;

@Injectable()
export class OpenApiHandler implements RouteHandler<Spec> {
  private document: Record<string, unknown> | undefined;

  constructor(@Inject(ROUTE_TABLE) private readonly routes: readonly ApiRoute[]) {}

  async handle(): Promise<RouteResult<Spec>> {
    this.document ??= buildOpenApiDocument(this.routes);
    return { status: 200, body: this.document };
  }
}
