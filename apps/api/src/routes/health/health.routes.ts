import { HealthReport } from '@alkdrec/contracts';
import { defineRoute, documentedRoute } from '../../http/route-spec';

const SERVED_BY = "service-kit's HealthModule (the same probes as every service)";

export const HEALTH_ROUTES = [
  documentedRoute(
    defineRoute({
      operationId: 'getLiveness',
      method: 'GET',
      path: '/health/live',
      summary: 'Liveness: the process answers (no dependency is checked)',
      tags: ['health'],
      auth: 'public',
      responses: { 200: { description: 'Alive', schema: HealthReport } },
    }),
    SERVED_BY,
  ),
  documentedRoute(
    defineRoute({
      operationId: 'getReadiness',
      method: 'GET',
      path: '/health/ready',
      summary: 'Readiness: PostgreSQL and Redis answer',
      tags: ['health'],
      auth: 'public',
      responses: {
        200: { description: 'Ready', schema: HealthReport },
        503: { description: 'Not ready: the failing checks are in `error`', schema: HealthReport },
      },
    }),
    SERVED_BY,
  ),
  documentedRoute(
    defineRoute({
      operationId: 'getMetrics',
      method: 'GET',
      path: '/metrics',
      summary: 'Prometheus metrics: queue depth of every queue, HTTP and recommend latency, process (docs/metrics.md)',
      tags: ['health'],
      auth: 'public',
      responses: { 200: { description: 'Prometheus text exposition format', contentTypes: ['text/plain; version=0.0.4; charset=utf-8'] } },
    }),
    "service-kit's MetricsModule (the same endpoint as every service)",
  ),
];
