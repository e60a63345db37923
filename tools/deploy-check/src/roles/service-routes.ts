import 'reflect-metadata';
import { PATH_METADATA } from '@nestjs/common/constants';
import { HealthController, MetricsController } from '@alkdrec/service-kit';

/** The path Nest serves a controller method on: the controller's prefix plus the method's path. */
function routeOf(controller: abstract new (...args: never[]) => unknown, method: string): string {
  const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
  const handler = (controller.prototype as Record<string, unknown>)[method];
  if (prefix === undefined || typeof handler !== 'function') throw new Error(`${controller.name}.${method} is not a Nest route`);
  const path = (Reflect.getMetadata(PATH_METADATA, handler) as string | undefined) ?? '/';
  return `/${[prefix, path].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
}

/**
 * The routes every service serves for probes and scrapes, read from the controllers' own Nest
 * metadata (so a renamed route fails the checks of the manifests, compose.yaml and the Dockerfile's
 * HEALTHCHECK instead of silently failing probes):
 * liveness — the process answers; readiness — dependencies answer; metrics — Prometheus text.
 */
export function serviceRoutes(): { live: string; ready: string; metrics: string } {
  return {
    live: routeOf(HealthController, 'live'),
    ready: routeOf(HealthController, 'ready'),
    metrics: routeOf(MetricsController, 'scrape'),
  };
}
