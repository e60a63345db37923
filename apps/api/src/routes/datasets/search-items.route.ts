import { Injectable } from '@nestjs/common';
import { DatasetParams, ItemSearchPage, ItemSearchQuery } from '@alkdrec/contracts';
import { searchItems } from '@alkdrec/db';
import { PrismaHolder } from '@alkdrec/service-kit';
import { fieldProblem } from '../../http/field-problem';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';

export const searchItemsSpec = defineRoute({
  operationId: 'searchItems',
  method: 'GET',
  path: '/v1/datasets/:name/items',
  summary: "Items of a dataset's catalogue whose title contains `q`: for autocompletion",
  description: 'Case-insensitive; titles that start with `q` first, then in title order; `limit` of them (1–50, default 10).',
  tags: ['datasets'],
  auth: 'public',
  params: DatasetParams,
  query: ItemSearchQuery,
  responses: { 200: { description: 'Matching items', schema: ItemSearchPage } },
  problems: ['not-found'],
});
type Spec = typeof searchItemsSpec;

@Injectable()
export class SearchItemsHandler implements RouteHandler<Spec> {
  constructor(private readonly prisma: PrismaHolder) {}

  async handle({ params, query }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const items = await searchItems(this.prisma.client, params.name, query.q, query.limit);
    if (items === null) throw fieldProblem('not-found', 'params.name', `no dataset named ${JSON.stringify(params.name)}`);
    return { status: 200, body: { items } };
  }
}
