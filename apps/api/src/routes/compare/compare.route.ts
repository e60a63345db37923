import { Injectable } from '@nestjs/common';
import { Comparison, CompareQuery, ExperimentVariant, type Backbone, type ComparedVariant } from '@alkdrec/contracts';
import { readComparedRuns, type ComparedRun } from '@alkdrec/db';
import { paperNumbers, spreadOf } from '@alkdrec/report';
import { PrismaHolder } from '@alkdrec/service-kit';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';

export const compareSpec = defineRoute({
  operationId: 'compareStrategies',
  method: 'GET',
  path: '/v1/compare',
  summary: 'Strategies side by side for one dataset × backbone: mean and spread over seeds, the paper\'s numbers beside',
  description:
    'From the runs that SUCCEEDED with this `budget` (and `maxSteps`; left out: uncapped runs only): the plain student, the ' +
    "teacher and each strategy's distilled student, test recall@10 and NDCG@10 (session rule) as mean and sample standard " +
    "deviation over seeds (a model shared by several runs counts once per seed), and the paper's Table 1 / Table 2 figure.",
  tags: ['runs'],
  auth: 'public',
  query: CompareQuery,
  responses: { 200: { description: 'The comparison', schema: Comparison } },
});
type Spec = typeof compareSpec;

@Injectable()
export class CompareHandler implements RouteHandler<Spec> {
  constructor(private readonly prisma: PrismaHolder) {}

  async handle({ query }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const maxSteps = query.maxSteps ?? null;
    const runs = await readComparedRuns(this.prisma.client, { dataset: query.dataset, backbone: query.backbone, budget: query.budget, maxSteps });
    const variants = ExperimentVariant.options.map((variant) => compareVariant(variant, runs, query.dataset, query.backbone));
    return { status: 200, body: { dataset: query.dataset, backbone: query.backbone, budget: query.budget, maxSteps, variants } };
  }
}

/** One variant over seeds: the student and teacher of every run (one per seed), or the distilled students of its strategy's runs. */
function compareVariant(variant: ExperimentVariant, runs: readonly ComparedRun[], dataset: string, backbone: Backbone): ComparedVariant {
  const bySeed = new Map<number, { recall10: number; ndcg10: number }>();
  for (const run of runs) {
    const report = variant === 'student' ? run.student : variant === 'teacher' ? run.teacher : run.strategy === variant ? run.distilled : null;
    if (report && !bySeed.has(run.seed)) bySeed.set(run.seed, report.test);
  }
  const values = [...bySeed.values()];
  const paper = paperNumbers(dataset, backbone, variant);
  return {
    variant,
    seeds: [...bySeed.keys()].sort((a, b) => a - b),
    recall10: values.length === 0 ? null : spreadOf(values.map((v) => v.recall10)),
    ndcg10: values.length === 0 ? null : spreadOf(values.map((v) => v.ndcg10)),
    paper: paper ? { recall10: paper.recall10, ndcg10: paper.ndcg10 } : null,
  };
}
