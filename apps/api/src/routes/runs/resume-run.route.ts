import { Injectable } from '@nestjs/common';
import { RunParams, RunResumed, runLocation } from '@alkdrec/contracts';
import { RunClient, RunStateError } from '@alkdrec/service-kit';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { answeringRunErrors, runProblemOf } from './run-problem';

const LOCATION = { Location: 'The run: `/v1/runs/<id>`' } as const;

export const resumeRunSpec = defineRoute({
  operationId: 'resumeRun',
  method: 'POST',
  path: '/v1/runs/:id/resume',
  summary: 'Resume a cancelled or failed run',
  description:
    'A CANCELLED or FAILED run is RUNNING again and its driver queued: `202`; its finished stages are kept, the stopped ' +
    'one gets another attempt. A RUNNING run is left as it is: `200`, `origin: running`. A run that SUCCEEDED has ' +
    'nothing to resume: `409` naming its state.',
  tags: ['runs'],
  auth: 'bearer',
  params: RunParams,
  responses: {
    202: { description: 'Resumed: RUNNING again, queued for the selector', schema: RunResumed, headers: LOCATION },
    200: { description: 'Running already: nothing done', schema: RunResumed, headers: LOCATION },
  },
  problems: ['not-found', 'conflict'],
});
type Spec = typeof resumeRunSpec;

@Injectable()
export class ResumeRunHandler implements RouteHandler<Spec> {
  constructor(private readonly runs: RunClient) {}

  async handle({ params }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const resumed = await answeringRunErrors(this.runs.resume(params.id));
    // The client leaves a finished run as it is; over HTTP that is a conflict, like cancelling one.
    if (resumed.origin === 'finished') throw runProblemOf(new RunStateError(resumed.runId, resumed.previousState, 'resumed', 'a CANCELLED or FAILED'));
    const location = runLocation(resumed.runId);
    const body = { runId: resumed.runId, state: 'RUNNING', origin: resumed.origin, previousState: resumed.previousState, location } as const;
    return { status: resumed.origin === 'resumed' ? 202 : 200, body, headers: { location } };
  }
}
