import { Injectable } from '@nestjs/common';
import { DatasetParams, DatasetServingQuery, DatasetServingView } from '@alkdrec/contracts';
import { ServingRepository } from '@alkdrec/db';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { ServingRegistry } from '../../serving/serving-registry';
import { servingProblem } from './model-problems';
import { toPromotionView } from './model-view';

export const datasetServingSpec = defineRoute({
  operationId: 'getDatasetServing',
  method: 'GET',
  path: '/v1/datasets/:name/serving',
  summary: 'The model promoted for a dataset, its promotion history, and what this replica serves',
  tags: ['models'],
  auth: 'public',
  params: DatasetParams,
  query: DatasetServingQuery,
  responses: { 200: { description: 'Serving state', schema: DatasetServingView } },
  problems: ['not-found'],
});
type Spec = typeof datasetServingSpec;

@Injectable()
export class DatasetServingHandler implements RouteHandler<Spec> {
  constructor(
    private readonly serving: ServingRepository,
    private readonly registry: ServingRegistry,
  ) {}

  async handle({ params, query }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const history = await this.serving.history(params.name, query.limit).catch((error: unknown) => {
      throw servingProblem(error, { dataset: 'params.name', modelId: 'params.name' }) ?? error;
    });
    const views = history.map(toPromotionView);
    return { status: 200, body: { dataset: params.name, current: views[0] ?? null, history: views, replica: this.registry.replicaView(params.name) } };
  }
}
