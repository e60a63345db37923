import { Injectable } from '@nestjs/common';
import { RunList, RunListQuery } from '@alkdrec/contracts';
import { RunClient } from '@alkdrec/service-kit';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';

export const listRunsSpec = defineRoute({
  operationId: 'listRuns',
  method: 'GET',
  path: '/v1/runs',
  summary: 'List runs, newest first',
  description: 'Filtered by `dataset`, `strategy` and `state`; page with `limit` and `cursor` (the previous page\'s `next`) or `offset`.',
  tags: ['runs'],
  auth: 'public',
  query: RunListQuery,
  responses: { 200: { description: 'A page of runs', schema: RunList } },
});
type Spec = typeof listRunsSpec;

@Injectable()
export class ListRunsHandler implements RouteHandler<Spec> {
  constructor(private readonly runs: RunClient) {}

  async handle({ query }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    return { status: 200, body: await this.runs.list(query) };
  }
}
