import { type ArgumentsHost, Catch, type ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem } from './api-problem';
import { pathOf, sendProblem } from './problem-reply';

/** A path no route serves: Nest's not-found handler throws this; answered as problem+json like every error. */
@Catch(NotFoundException)
export class NotFoundFilter implements ExceptionFilter {
  catch(_exception: NotFoundException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    void sendProblem(http.getResponse<FastifyReply>(), ApiProblem.notFound(`no route ${request.method} ${pathOf(request)}`));
  }
}
