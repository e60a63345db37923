import { tmpdir } from 'node:os';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { SERVICE_CONFIG } from '@alkdrec/service-kit';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authProblem } from '../auth/check-auth';
import { TokenVerifier } from '../auth/token-verifier';
import type { ApiConfig } from '../config/api-env.schema';
import type { UploadLimits } from '../uploads/receive-upload';
import { ApiProblem } from './api-problem';
import { checkRouteTable } from './check-route-table';
import { errorToProblem } from './error-to-problem';
import { pathOf, sendProblem } from './problem-reply';
import { type ApiRoute, type RouteHandler, type RouteSpec } from './route-spec';
import { ROUTE_TABLE } from './route-table.token';
import { runRoute } from './run-route';
import { ShutdownSignal } from './shutdown-signal';

/**
 * Puts the route table on Fastify: for each route served here, bearer auth in `onRequest` (before
 * any body is read), then runRoute; every error answered as problem+json. Also the multipart
 * plugin, one log line per request, and `Connection: close` once shutdown began. (Nest's adapter parses JSON and form bodies, the latter for
 * the dashboard's sign-in form; a route accepts only the content types its spec lists.)
 */
@Injectable()
export class RouteRegistrar implements OnModuleInit {
  private readonly logger = new Logger('Http');
  private readonly limits: UploadLimits;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly verifier: TokenVerifier,
    @Inject(ROUTE_TABLE) private readonly routes: readonly ApiRoute[],
    @Inject(SERVICE_CONFIG) private readonly config: ApiConfig,
    private readonly shutdown: ShutdownSignal,
  ) {
    this.limits = { fileBytes: config.API_UPLOAD_LIMIT_BYTES, dir: config.API_UPLOAD_DIR ?? tmpdir() };
  }

  async onModuleInit(): Promise<void> {
    checkRouteTable(this.routes);
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(multipart, { limits: { fileSize: this.config.API_UPLOAD_LIMIT_BYTES } });
    fastify.addHook('onResponse', async (request, reply) => this.logRequest(request, reply));
    // Once shutdown began, answers close their connection: the server's close waits for every
    // connection, and an in-flight request's would otherwise be kept alive (72 s) after it.
    fastify.addHook('onSend', async (_request, reply) => {
      if (this.shutdown.signal.aborted) void reply.header('connection', 'close');
    });
    for (const route of this.routes) {
      if ('handler' in route) this.register(fastify, route.spec, this.moduleRef.get(route.handler, { strict: false }));
    }
    if (!this.verifier.required) {
      this.logger.warn({ msg: 'no API tokens (API_TOKENS, API_TOKENS_FILE): mutating routes and the dashboard are open to anyone who can connect; HTTP_HOST is loopback' });
    }
  }

  private register(fastify: FastifyInstance, spec: RouteSpec, handler: RouteHandler<RouteSpec>): void {
    fastify.route({
      method: spec.method,
      url: spec.path,
      onRequest: async (request) => {
        if (spec.auth !== 'bearer') return;
        const problem = authProblem(request, this.verifier, { cookie: false });
        if (problem) throw problem;
      },
      handler: (request, reply) => runRoute(spec, handler, request, reply, this.limits),
      errorHandler: (error, request, reply) => this.answerError(error, request, reply),
    });
  }

  private answerError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    const problem = errorToProblem(error);
    if (problem && problem.status >= 500) this.logger.warn({ msg: `${request.method} ${pathOf(request)}: ${problem.detail}`, requestId: request.id });
    if (!problem) {
      // Prisma's messages quote its minified runtime: keep the line short and the stack readable.
      const message = clip(error.message.trim().split('\n').pop() ?? '', 500);
      this.logger.error({ msg: `${request.method} ${pathOf(request)} failed: ${message}`, error: error.name, stack: clip(error.stack ?? '', 4000), requestId: request.id });
    }
    if (reply.sent || reply.raw.headersSent) return undefined;
    return sendProblem(reply, problem ?? new ApiProblem('internal', `unexpected error; the log has it under request id ${request.id}`));
  }

  /**
   * One line per request: never headers (tokens, cookies) nor the query string. Probes, assets, and
   * the high-volume reads that succeed (recommendations at thousands a second, scrapes) at debug:
   * at info they would be most of the log. Their failures stay at info.
   */
  private logRequest(request: FastifyRequest, reply: FastifyReply): void {
    const path = pathOf(request);
    const entry = {
      msg: `${request.method} ${path} ${reply.statusCode}`,
      method: request.method,
      path,
      route: request.routeOptions.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      requestId: request.id,
    };
    const quiet = path.startsWith('/health/') || path.startsWith('/docs/assets/') || path.startsWith('/queues/static/');
    const routine = reply.statusCode < 400 && (path.startsWith('/v1/recommend') || path === '/metrics');
    if (quiet || routine) this.logger.debug(entry);
    else this.logger.log(entry);
  }
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
