import { Injectable } from '@nestjs/common';
import { RunCurves, RunParams } from '@alkdrec/contracts';
import { DashboardRunNotFound, readRunCurves } from '@alkdrec/db';
import { PrismaHolder } from '@alkdrec/service-kit';
import { fieldProblem } from '../../http/field-problem';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';

export const runCurvesSpec = defineRoute({
  operationId: 'getRunCurves',
  method: 'GET',
  path: '/v1/runs/:id/curves',
  summary: "A run's learning curves: validation recall@10 per check of teacher, student and distillation",
  description:
    'Each model\'s validation checks as its training stored them (`step`, `recall`, `loss`), with the step whose weights were ' +
    'kept (`bestStep`). A model not trained yet (or still training) is null.',
  tags: ['runs'],
  auth: 'public',
  params: RunParams,
  responses: { 200: { description: 'The curves', schema: RunCurves } },
  problems: ['not-found'],
});
type Spec = typeof runCurvesSpec;

@Injectable()
export class RunCurvesHandler implements RouteHandler<Spec> {
  constructor(private readonly prisma: PrismaHolder) {}

  async handle({ params }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    try {
      return { status: 200, body: await readRunCurves(this.prisma.client, params.id) };
    } catch (error) {
      if (error instanceof DashboardRunNotFound) throw fieldProblem('not-found', 'params.id', error.message);
      throw error;
    }
  }
}
