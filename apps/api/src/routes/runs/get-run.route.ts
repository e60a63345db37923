import { Injectable } from '@nestjs/common';
import { Run, RunParams } from '@alkdrec/contracts';
import { RunClient } from '@alkdrec/service-kit';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { answeringRunErrors } from './run-problem';

export const getRunSpec = defineRoute({
  operationId: 'getRun',
  method: 'GET',
  path: '/v1/runs/:id',
  summary: 'One run: stages, progress, metrics, LLM figures, selection',
  description:
    'From PostgreSQL alone: every stage of its strategy with its state, attempts, times and wall time; the latest stored ' +
    'progress; the test metrics of student, teacher and distilled student; the LLM requests, answers, faults and cost from ' +
    'its request ledger; and the selection\'s summary.',
  tags: ['runs'],
  auth: 'public',
  params: RunParams,
  responses: { 200: { description: 'The run', schema: Run } },
  problems: ['not-found'],
});
type Spec = typeof getRunSpec;

@Injectable()
export class GetRunHandler implements RouteHandler<Spec> {
  constructor(private readonly runs: RunClient) {}

  async handle({ params }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    return { status: 200, body: await answeringRunErrors(this.runs.view(params.id)) };
  }
}
