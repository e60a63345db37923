import { Injectable } from '@nestjs/common';
import { DatasetParams, DatasetView } from '@alkdrec/contracts';
import { PrismaHolder } from '@alkdrec/service-kit';
import { ApiProblem } from '../../http/api-problem';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { toDatasetView } from './dataset-view';

export const getDatasetSpec = defineRoute({
  operationId: 'getDataset',
  method: 'GET',
  path: '/v1/datasets/:name',
  summary: 'One dataset with its statistics',
  tags: ['datasets'],
  auth: 'public',
  params: DatasetParams,
  responses: { 200: { description: 'The dataset', schema: DatasetView } },
  problems: ['not-found'],
});
type Spec = typeof getDatasetSpec;

@Injectable()
export class GetDatasetHandler implements RouteHandler<Spec> {
  constructor(private readonly prisma: PrismaHolder) {}

  async handle({ params }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const row = await this.prisma.client.dataset.findUnique({ where: { name: params.name } });
    if (!row) throw ApiProblem.notFound(`no dataset named ${JSON.stringify(params.name)}`);
    return { status: 200, body: toDatasetView(row) };
  }
}
