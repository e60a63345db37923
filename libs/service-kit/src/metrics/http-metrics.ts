import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ServiceMetrics } from './service-metrics';

/** Requests that matched no route share one label value: a scanner's paths must not become series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The hook of Fastify this needs (kept structural: the library does not depend on fastify's types). */
interface FastifyLike {
  addHook(
    name: 'onResponse',
    hook: (request: { method: string; routeOptions?: { url?: string } }, reply: { statusCode: number; elapsedTime: number }, done: () => void) => void,
  ): unknown;
}

/** Express sets these on the request it routed (the Node request object itself). */
type ExpressRequest = IncomingMessage & { route?: { path?: string }; baseUrl?: string };

/**
 * alkdrec_http_requests_total{method, route, status} and alkdrec_http_request_duration_seconds
 * {method, route} for every request the app answers — rejected by a guard, failed validation or
 * matched no route (`unmatched`) included — by route pattern (`/v1/runs/:id`), never by URL.
 * Installed on the adapter itself: an `onResponse` hook on Fastify, a `finish` listener on the
 * Node server under Express.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: ServiceMetrics,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return; // an application context without HTTP
    const requests = this.metrics.counter('httpRequests');
    const duration = this.metrics.histogram('httpRequestDuration');
    const observe = (method: string, route: string, status: number, seconds: number) => {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    };
    if (adapter.getType() === 'fastify') {
      (adapter.getInstance() as FastifyLike).addHook('onResponse', (request, reply, done) => {
        observe(request.method, request.routeOptions?.url ?? UNMATCHED_ROUTE, reply.statusCode, reply.elapsedTime / 1000);
        done();
      });
      return;
    }
    (adapter.getHttpServer() as Server).on('request', (req: ExpressRequest, res: ServerResponse) => {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const route = req.route?.path === undefined ? UNMATCHED_ROUTE : `${req.baseUrl ?? ''}${req.route.path}`;
        observe(req.method ?? 'GET', route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
      });
    });
  }
}
