import { Injectable } from '@nestjs/common';
import { ModelParams, ModelView } from '@alkdrec/contracts';
import { findModelSummary } from '@alkdrec/db';
import { PrismaHolder } from '@alkdrec/service-kit';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { fieldProblem } from '../../http/field-problem';
import { toModelView } from './model-view';

export const getModelSpec = defineRoute({
  operationId: 'getModel',
  method: 'GET',
  path: '/v1/models/:id',
  summary: 'One model with its test metrics and lineage',
  tags: ['models'],
  auth: 'public',
  params: ModelParams,
  responses: { 200: { description: 'The model', schema: ModelView } },
  problems: ['not-found'],
});
type Spec = typeof getModelSpec;

@Injectable()
export class GetModelHandler implements RouteHandler<Spec> {
  constructor(private readonly prisma: PrismaHolder) {}

  async handle({ params }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const summary = await findModelSummary(this.prisma.client, params.id);
    if (!summary) throw fieldProblem('not-found', 'params.id', `model ${JSON.stringify(params.id)} not found`);
    return { status: 200, body: toModelView(summary) };
  }
}
