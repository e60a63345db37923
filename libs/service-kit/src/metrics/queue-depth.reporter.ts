import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { QueueRegistry } from '../bullmq/queue-registry.service';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics.options';
import { QueueDepthCollector } from './queue-depth';
import { ServiceMetrics } from './service-metrics';

/** Reports alkdrec_queue_jobs for the service's queues (MetricsOptions.queues) through the shared producer queues. */
@Injectable()
export class QueueDepthReporter implements OnModuleInit, OnApplicationShutdown {
  private unregister: (() => void) | undefined;

  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly queues: QueueRegistry,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {}

  onModuleInit(): void {
    const collector = new QueueDepthCollector(
      this.metrics,
      this.options.queues.map((name) => this.queues.get(name)),
      { cacheMs: this.options.queueCountsCacheMs, timeoutMs: this.options.queueCountsTimeoutMs },
    );
    this.unregister = collector.register(`queues:${this.options.queues.join(',')}`);
  }

  /** Stops reading the queues once the app shuts down (a scrape during shutdown renders the rest). */
  onApplicationShutdown(): void {
    this.unregister?.();
  }
}
