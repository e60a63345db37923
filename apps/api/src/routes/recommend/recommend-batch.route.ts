import { Injectable } from '@nestjs/common';
import { RecommendMetrics } from '@alkdrec/service-kit';
import { RECOMMEND_LIMITS, RecommendBatchRequest, RecommendBatchResponse, type RecommendBatchResult } from '@alkdrec/contracts';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { scoreSession } from '../../serving/score-session';
import type { LoadedModel } from '../../serving/loaded-model';
import { ServingRegistry } from '../../serving/serving-registry';
import { meteredRecommend } from '../../serving/metered-recommend';
import { notServingProblem } from './not-serving-problem';

export const recommendBatchSpec = defineRoute({
  operationId: 'recommendBatch',
  method: 'POST',
  path: '/v1/recommend/batch',
  summary: `Top-k items for up to ${RECOMMEND_LIMITS.batchSessions} sessions of one dataset, one result per session`,
  description:
    'Each session is answered like POST /v1/recommend, by the same model. A session that is empty or has no known item id does ' +
    'not fail the batch: its result has no items and an `error` naming `body.sessions[i].items`. 404 when no model is promoted ' +
    'for the dataset; 503 (Retry-After) while this replica loads it.',
  tags: ['recommend'],
  auth: 'public',
  publicBecause: 'it only reads: it scores sessions against the promoted model and changes nothing',
  body: RecommendBatchRequest,
  responses: { 200: { description: 'One result per session, in order', schema: RecommendBatchResponse } },
  problems: ['not-found'],
});
type Spec = typeof recommendBatchSpec;

@Injectable()
export class RecommendBatchHandler implements RouteHandler<Spec> {
  constructor(
    private readonly registry: ServingRegistry,
    private readonly metrics: RecommendMetrics,
  ) {}

  handle({ body }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    return meteredRecommend(this.metrics, this.registry, body.dataset, 'batch', (model) => this.answer(body, model));
  }

  private answer(body: RouteInput<Spec>['body'], model: LoadedModel | undefined): RouteResult<Spec> {
    if (model === undefined) throw notServingProblem(body.dataset, this.registry.whyNotServing(body.dataset));
    const results: RecommendBatchResult[] = body.sessions.map((session, i) => scoreSession(model, session.items, body.k, body.excludeSeen, `body.sessions[${i}].items`));
    const response: RecommendBatchResponse = { dataset: model.dataset, modelId: model.modelId, results };
    return { status: 200, body: response };
  }
}
