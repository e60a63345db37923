import { Injectable } from '@nestjs/common';
import { DatasetParams, PromotionView } from '@alkdrec/contracts';
import { ServingRepository } from '@alkdrec/db';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { ServingRegistry } from '../../serving/serving-registry';
import { servingProblem } from './model-problems';
import { toPromotionView } from './model-view';
import { requestedBy } from './requested-by';

const FIELDS = { dataset: 'params.name', modelId: 'params.name' };

export const rollbackDatasetSpec = defineRoute({
  operationId: 'rollbackDataset',
  method: 'POST',
  path: '/v1/datasets/:name/rollback',
  summary: 'Serve the model promoted before the current one again (promotions are a stack)',
  description: 'Every api replica serves it within about a second; this one when the answer is sent. 409 when there is nothing to roll back to. No body.',
  tags: ['models'],
  auth: 'bearer',
  params: DatasetParams,
  responses: { 200: { description: 'The promotion now in force (action "rollback")', schema: PromotionView } },
  problems: ['not-found', 'conflict'],
});
type Spec = typeof rollbackDatasetSpec;

@Injectable()
export class RollbackDatasetHandler implements RouteHandler<Spec> {
  constructor(
    private readonly serving: ServingRepository,
    private readonly registry: ServingRegistry,
  ) {}

  async handle({ params, request }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const state = await this.serving.rollback(params.name, requestedBy(request)).catch((error: unknown) => {
      throw servingProblem(error, FIELDS) ?? error;
    });
    await this.registry.refresh(params.name);
    return { status: 200, body: toPromotionView(state) };
  }
}
