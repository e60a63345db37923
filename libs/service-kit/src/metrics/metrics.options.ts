import type { QueueName } from '@alkdrec/contracts';

export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

export interface MetricsOptions {
  /** Queues whose job counts this service reports (alkdrec_queue_jobs); none needs no BullmqModule. */
  queues: readonly QueueName[];
  /** Job counts younger than this are reused: frequent scrapes do not hammer Redis. */
  queueCountsCacheMs: number;
  /** A queue whose counts take longer is left out of that scrape. */
  queueCountsTimeoutMs: number;
  /** alkdrec_http_requests_total and alkdrec_http_request_duration_seconds for every request the app answers. */
  httpMetrics: boolean;
}
