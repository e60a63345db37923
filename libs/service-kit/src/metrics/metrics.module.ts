import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { HttpMetrics } from './http-metrics';
import { JobMetrics } from './job-metrics';
import { MetricsController } from './metrics.controller';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics.options';
import { QueueDepthReporter } from './queue-depth.reporter';
import { RecommendMetrics } from './recommend-metrics';
import { processMetrics, ServiceMetrics } from './service-metrics';

/**
 * GET /metrics (Prometheus text format) over the process's ServiceMetrics, plus the job counts of
 * `queues` at scrape time (needs BullmqModule in the app when `queues` is not empty) and the app's
 * HTTP requests by route (`httpMetrics`, on by default). Global: role
 * modules inject ServiceMetrics (or RecommendMetrics) to report their own metrics. Import it once
 * per app. Works on the Express and the Fastify adapter.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(options: Partial<MetricsOptions> = {}): DynamicModule {
    const resolved: MetricsOptions = { queues: [], queueCountsCacheMs: 5_000, queueCountsTimeoutMs: 2_000, httpMetrics: true, ...options };
    const providers: Provider[] = [
      { provide: METRICS_OPTIONS, useValue: resolved },
      { provide: ServiceMetrics, useFactory: processMetrics },
      { provide: JobMetrics, inject: [ServiceMetrics], useFactory: (metrics: ServiceMetrics) => new JobMetrics(metrics) },
      { provide: RecommendMetrics, inject: [ServiceMetrics], useFactory: (metrics: ServiceMetrics) => new RecommendMetrics(metrics) },
      ...(resolved.queues.length > 0 ? [QueueDepthReporter] : []),
      ...(resolved.httpMetrics ? [HttpMetrics] : []),
    ];
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers,
      exports: [ServiceMetrics, JobMetrics, RecommendMetrics],
    };
  }
}
