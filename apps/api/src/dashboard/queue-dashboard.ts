import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { QueueName } from '@alkdrec/contracts';
import { QueueRegistry } from '@alkdrec/service-kit';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { InjectBullBoard, type BullBoardInstance } from '@bull-board/nestjs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authProblem } from '../auth/check-auth';
import { TokenVerifier } from '../auth/token-verifier';
import { pathOf, sendProblem } from '../http/problem-reply';
import { isDashboardPath } from './dashboard-paths';
import { signInPage } from './sign-in-page';

/**
 * Bull Board over every queue of the contracts (with the service's BULLMQ_PREFIX, through the
 * QueueRegistry), behind the api's bearer auth — or the dashboard cookie, for a browser. The check
 * is an `onRequest` hook on the whole /queues tree (UI, assets and Bull Board's own API), so no
 * part of the dashboard is left open. A browser without a cookie gets the sign-in form.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  constructor(
    @InjectBullBoard() private readonly board: BullBoardInstance,
    private readonly queues: QueueRegistry,
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: TokenVerifier,
  ) {}

  onModuleInit(): void {
    for (const name of Object.values(QueueName)) this.board.addQueue(new BullMQAdapter(this.queues.get(name)));
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request, reply) => this.guard(request, reply));
  }

  private async guard(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!isDashboardPath(pathOf(request))) return undefined;
    const problem = authProblem(request, this.verifier, { cookie: true });
    if (!problem) return undefined;
    // Answered here rather than thrown: Bull Board's routes have an error handler of their own.
    if (request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
      for (const [name, value] of Object.entries(problem.options.headers ?? {})) void reply.header(name, value);
      return reply.code(401).type('text/html; charset=utf-8').send(signInPage(problem.detail));
    }
    return sendProblem(reply, problem);
  }
}
