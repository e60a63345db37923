import { Injectable } from '@nestjs/common';
import { CancelledRun, RunParams } from '@alkdrec/contracts';
import { RunClient } from '@alkdrec/service-kit';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { answeringRunErrors } from './run-problem';

export const cancelRunSpec = defineRoute({
  operationId: 'cancelRun',
  method: 'POST',
  path: '/v1/runs/:id/cancel',
  summary: 'Cancel a running run',
  description:
    'The run is CANCELLED at once; its driver stops within about a second, withdrawing the work no worker has taken ' +
    '(LLM requests in flight finish and are recorded). Cancelling a cancelled run answers `200` with `already: true`; ' +
    'a run that SUCCEEDED or FAILED is a `409` naming its state.',
  tags: ['runs'],
  auth: 'bearer',
  params: RunParams,
  responses: { 200: { description: 'Cancelled (now, or already)', schema: CancelledRun } },
  problems: ['not-found', 'conflict'],
});
type Spec = typeof cancelRunSpec;

@Injectable()
export class CancelRunHandler implements RouteHandler<Spec> {
  constructor(private readonly runs: RunClient) {}

  async handle({ params }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    return { status: 200, body: await answeringRunErrors(this.runs.cancel(params.id)) };
  }
}
