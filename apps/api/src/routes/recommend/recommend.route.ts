import { Injectable } from '@nestjs/common';
import { RecommendRequest, RecommendResponse } from '@alkdrec/contracts';
import { RecommendMetrics } from '@alkdrec/service-kit';
import { ApiProblem } from '../../http/api-problem';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { meteredRecommend } from '../../serving/metered-recommend';
import { scoreSession } from '../../serving/score-session';
import type { LoadedModel } from '../../serving/loaded-model';
import { ServingRegistry } from '../../serving/serving-registry';
import { notServingProblem } from './not-serving-problem';

export const recommendSpec = defineRoute({
  operationId: 'recommend',
  method: 'POST',
  path: '/v1/recommend',
  summary: "Top-k items for a session from the model promoted for the dataset",
  description:
    'Scores the whole catalogue with the promoted student (no TensorFlow on the request path, nothing read from PostgreSQL or ' +
    'Redis). Unknown item ids are ignored and listed in `unknownItems`; a session with no known item id is a 422 on body.items. ' +
    '404 when no model is promoted for the dataset; 503 (Retry-After) while this replica loads it.',
  tags: ['recommend'],
  auth: 'public',
  publicBecause: 'it only reads: it scores a session against the promoted model and changes nothing',
  body: RecommendRequest,
  responses: { 200: { description: 'The recommendations', schema: RecommendResponse } },
  problems: ['not-found', 'unprocessable-content'],
});
type Spec = typeof recommendSpec;

@Injectable()
export class RecommendHandler implements RouteHandler<Spec> {
  constructor(
    private readonly registry: ServingRegistry,
    private readonly metrics: RecommendMetrics,
  ) {}

  handle({ body }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    return meteredRecommend(this.metrics, this.registry, body.dataset, 'one', (model) => this.answer(body, model));
  }

  private answer(body: RouteInput<Spec>['body'], model: LoadedModel | undefined): RouteResult<Spec> {
    if (model === undefined) throw notServingProblem(body.dataset, this.registry.whyNotServing(body.dataset));
    const answer = scoreSession(model, body.items, body.k, body.excludeSeen, 'body.items');
    if (answer.error !== null) {
      const unknown = answer.unknownItems.length > 0 ? ` (unknown: ${answer.unknownItems.slice(0, 5).map((id) => JSON.stringify(id)).join(', ')}${answer.unknownItems.length > 5 ? ', …' : ''})` : '';
      throw new ApiProblem('unprocessable-content', `${answer.error.field}: ${answer.error.message}${unknown}`, { errors: [answer.error] });
    }
    const response: RecommendResponse = { dataset: model.dataset, modelId: model.modelId, items: answer.items, unknownItems: answer.unknownItems };
    return { status: 200, body: response };
  }
}
