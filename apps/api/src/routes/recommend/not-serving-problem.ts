import { ApiProblem } from '../../http/api-problem';
import type { NotServing } from '../../serving/serving-registry';
import { PROMOTION_POLL_MS } from '../../serving/serving-registry';

/**
 * Why a dataset gets no recommendations from this replica: none promoted (404 on body.dataset,
 * saying how to promote one), or its promoted model not loaded here yet (503 with Retry-After).
 */
export function notServingProblem(dataset: string, why: NotServing): ApiProblem {
  const retry = { headers: { 'retry-after': String(Math.ceil(PROMOTION_POLL_MS / 1000)) } };
  switch (why.state) {
    case 'starting':
      return new ApiProblem('unavailable', 'this api replica is still loading the promoted models; try again in a second', retry);
    case 'loading': {
      const failing = why.error === undefined ? 'is loading' : `failed to load (${why.error}) and is retried`;
      return new ApiProblem('unavailable', `the model promoted for dataset ${JSON.stringify(dataset)} (${why.promotion.modelId}) ${failing}; try again later`, retry);
    }
    case 'none': {
      const message =
        `no model serves dataset ${JSON.stringify(dataset)}: promote one of its students with POST /v1/models/{id}/promote ` +
        `(GET /v1/models?dataset=${encodeURIComponent(dataset)}&status=READY lists them; GET /v1/datasets lists the datasets)`;
      return new ApiProblem('not-found', `body.dataset: ${message}`, { errors: [{ field: 'body.dataset', message }] });
    }
  }
}
