import { Injectable } from '@nestjs/common';
import { RunAccepted, RunCreateBody, runLocation } from '@alkdrec/contracts';
import { RunClient } from '@alkdrec/service-kit';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { answeringRunErrors } from './run-problem';

const LOCATION = { Location: 'The run: `/v1/runs/<id>`' } as const;

export const createRunSpec = defineRoute({
  operationId: 'createRun',
  method: 'POST',
  path: '/v1/runs',
  summary: 'Submit a run to the selector',
  description:
    'Idempotent: the same spec is the same run (its id is derived from the spec). A new run, or a FAILED or CANCELLED one ' +
    '(resumed, its finished stages kept), is queued for the selector: `202`. A RUNNING run is joined: `202`, nothing added. ' +
    'A run that already SUCCEEDED is not queued again: `200` with its location. The dataset must be imported (`422` on `body.dataset`).',
  tags: ['runs'],
  auth: 'bearer',
  body: RunCreateBody,
  responses: {
    202: { description: 'Queued for the selector, or already running', schema: RunAccepted, headers: LOCATION },
    200: { description: 'Finished already: nothing queued; read it at its location', schema: RunAccepted, headers: LOCATION },
  },
  problems: ['unprocessable-content'],
});
type Spec = typeof createRunSpec;

@Injectable()
export class CreateRunHandler implements RouteHandler<Spec> {
  constructor(private readonly runs: RunClient) {}

  async handle({ body }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const submitted = await answeringRunErrors(this.runs.submit(body));
    const location = runLocation(submitted.runId);
    const finished = submitted.origin === 'finished';
    const answer = { runId: submitted.runId, state: finished ? 'SUCCEEDED' : 'RUNNING', origin: submitted.origin, previousState: submitted.previousState, location } as const;
    return { status: finished ? 200 : 202, body: answer, headers: { location } };
  }
}
