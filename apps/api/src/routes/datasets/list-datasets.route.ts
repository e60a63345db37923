import { Injectable } from '@nestjs/common';
import { decodeCursor, DatasetListPage, DatasetListQuery, encodeCursor } from '@alkdrec/contracts';
import { PrismaHolder } from '@alkdrec/service-kit';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { toDatasetView } from './dataset-view';

export const listDatasetsSpec = defineRoute({
  operationId: 'listDatasets',
  method: 'GET',
  path: '/v1/datasets',
  summary: 'List datasets with their statistics',
  description: 'In name order; page with `limit` and `cursor` (the previous page\'s `next`) or `offset`.',
  tags: ['datasets'],
  auth: 'public',
  query: DatasetListQuery,
  responses: { 200: { description: 'A page of datasets', schema: DatasetListPage } },
});
type Spec = typeof listDatasetsSpec;

@Injectable()
export class ListDatasetsHandler implements RouteHandler<Spec> {
  constructor(private readonly prisma: PrismaHolder) {}

  async handle({ query }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, 1)?.[0];
    const [total, rows] = await Promise.all([
      this.prisma.client.dataset.count(),
      this.prisma.client.dataset.findMany({
        where: after === undefined ? undefined : { name: { gt: after } },
        orderBy: { name: 'asc' },
        skip: query.offset,
        take: query.limit + 1,
      }),
    ]);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const next = rows.length > query.limit && last ? encodeCursor([last.name]) : null;
    return { status: 200, body: { datasets: page.map(toDatasetView), total, next } };
  }
}
