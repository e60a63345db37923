import { Injectable } from '@nestjs/common';
import { RunParams, RunSelectionDetail, RunSelectionQuery } from '@alkdrec/contracts';
import { DashboardRunNotFound, readRunSelection } from '@alkdrec/db';
import { PrismaHolder } from '@alkdrec/service-kit';
import { fieldProblem } from '../../http/field-problem';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { pStarCurve } from './p-star-curve';

export const runSelectionSpec = defineRoute({
  operationId: 'getRunSelection',
  method: 'GET',
  path: '/v1/runs/:id/selection',
  summary: "A run's selection: p* over difficulty rank, every drawn session, and a few side by side with titles",
  description:
    'The policy\'s p* at the first draw for the pool (`curve`; null for easiest, hardest and tr), every drawn session with its ' +
    'difficulty rank and p* at its draw, and the first `samples` drawn sessions in full: the session and its next item, the ' +
    "teacher's top `top` candidates and the LLM's ranking, as titles. Empty before the select stage.",
  tags: ['runs'],
  auth: 'public',
  params: RunParams,
  query: RunSelectionQuery,
  responses: { 200: { description: 'The selection', schema: RunSelectionDetail } },
  problems: ['not-found'],
});
type Spec = typeof runSelectionSpec;

@Injectable()
export class RunSelectionHandler implements RouteHandler<Spec> {
  constructor(private readonly prisma: PrismaHolder) {}

  async handle({ params, query }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    try {
      const rows = await readRunSelection(this.prisma.client, params.id, query);
      return { status: 200, body: { ...rows, curve: pStarCurve(rows.strategy, rows.poolSize) } };
    } catch (error) {
      if (error instanceof DashboardRunNotFound) throw fieldProblem('not-found', 'params.id', error.message);
      throw error;
    }
  }
}
