import { Controller, Get, Header, Inject } from '@nestjs/common';
import { prometheusContentType } from 'prom-client';
import { ServiceMetrics } from './service-metrics';

/**
 * GET /metrics: the process's metrics in Prometheus text format. Collectors that read Redis bound
 * their own time and leave out what they cannot read, so a scrape answers 200 with Redis away.
 * Plain decorators only: the same controller serves on the Express and the Fastify adapter.
 */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {}

  @Get()
  @Header('Content-Type', prometheusContentType)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
