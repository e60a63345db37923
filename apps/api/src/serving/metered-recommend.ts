import { RecommendMetrics } from '@alkdrec/service-kit';
import { ApiProblem } from '../http/api-problem';
import type { LoadedModel } from './loaded-model';
import type { ServingRegistry } from './serving-registry';

/**
 * Runs one recommend request (single or batch) under alkdrec_recommend_duration_seconds and
 * alkdrec_recommend_requests_total. The dataset label is the served model's dataset, never the
 * request's spelling: a typo in a body must not mint a new time series (it counts as `unknown`).
 * Bodies refused by validation never reach a handler; they are counted by the HTTP metrics.
 */
export async function meteredRecommend<T>(
  metrics: RecommendMetrics,
  registry: ServingRegistry,
  dataset: string,
  form: 'one' | 'batch',
  answer: (model: LoadedModel | undefined) => T,
): Promise<T> {
  const model = registry.modelFor(dataset);
  const done = metrics.start(model?.dataset, form);
  try {
    const result = answer(model);
    done(200);
    return result;
  } catch (error) {
    done(error instanceof ApiProblem ? error.status : 500);
    throw error;
  }
}

/** The process's recommend metrics as a Nest provider (one per process, like the registry they live in). */
export const RECOMMEND_METRICS_PROVIDER = { provide: RecommendMetrics, useFactory: () => new RecommendMetrics() };
