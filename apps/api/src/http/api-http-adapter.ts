import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { ApiConfig } from '../config/api-env.schema';

/** Method and path of every route Fastify serves, as registered (the OpenAPI coverage test reads it). */
export interface ServedRoute {
  method: string;
  url: string;
}

const inventories = new WeakMap<object, ServedRoute[]>();

/**
 * The api's HTTP platform: Fastify, with the JSON body limit, a request id per request (the
 * client's `X-Request-Id` when it sends a sane one), no logger of its own (the request log is the
 * registrar's), and a record of every route registered on it.
 */
export function createApiHttpAdapter(config: Pick<ApiConfig, 'API_BODY_LIMIT_BYTES'>): FastifyAdapter {
  const adapter = new FastifyAdapter({
    logger: false,
    bodyLimit: config.API_BODY_LIMIT_BYTES,
    genReqId: (request: IncomingMessage) => {
      const sent = request.headers['x-request-id'];
      return typeof sent === 'string' && /^[\w.:-]{1,100}$/.test(sent) ? sent : randomUUID();
    },
    // During shutdown, requests on kept-alive connections are refused with 503 while in-flight ones finish.
    return503OnClosing: true,
  });
  const instance = adapter.getInstance<FastifyInstance>();
  const served: ServedRoute[] = [];
  inventories.set(instance, served);
  instance.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) served.push({ method, url: route.url });
  });
  return adapter;
}

/** The routes registered on an instance made by createApiHttpAdapter. */
export function servedRoutesOf(instance: object): readonly ServedRoute[] {
  const served = inventories.get(instance);
  if (!served) throw new Error('not an instance made by createApiHttpAdapter');
  return served;
}
