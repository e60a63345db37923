import { processMetrics, type ServiceMetrics } from './service-metrics';

/** One recommend request as the api saw it. */
export interface RecommendObservation {
  /**
   * A dataset the api serves. Pass `undefined` for a name nobody serves (a typo, a probe): label
   * values must stay bounded, so those requests are counted under `unknown`.
   */
  dataset: string | undefined;
  /** The HTTP status answered (200, 400, 401, 404, 422, 500…). */
  status: number;
  /** Seconds from the request reaching the handler to the answer being ready. */
  seconds: number;
  /** One session, or the batch form (many sessions in one request). Default `one`. */
  form?: 'one' | 'batch';
}

export const UNKNOWN_DATASET = 'unknown';

/**
 * The api's recommend metrics: alkdrec_recommend_requests_total{dataset, status} and
 * alkdrec_recommend_duration_seconds{dataset, form}. `observe` records one request; `start` times
 * one and records it when its status is known:
 *
 *   const done = recommendMetrics.start(dataset);
 *   try { const body = score(...); done(200); return body; } catch (e) { done(statusOf(e)); throw e; }
 */
export class RecommendMetrics {
  private readonly requests;
  private readonly duration;

  constructor(metrics: ServiceMetrics = processMetrics()) {
    this.requests = metrics.counter('recommendRequests');
    this.duration = metrics.histogram('recommendDuration');
  }

  observe({ dataset, status, seconds, form = 'one' }: RecommendObservation): void {
    const name = dataset ?? UNKNOWN_DATASET;
    this.requests.inc({ dataset: name, status: String(status) });
    this.duration.observe({ dataset: name, form }, seconds);
  }

  /** Starts timing a request now; call the returned function once with its status (and the dataset, if it was known late). */
  start(dataset: string | undefined, form: 'one' | 'batch' = 'one'): (status: number, knownDataset?: string) => void {
    const started = process.hrtime.bigint();
    let done = false;
    return (status, knownDataset) => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.observe({ dataset: knownDataset ?? dataset, status, seconds, form });
    };
  }
}
