import { Injectable } from '@nestjs/common';
import { ModelParams, PromotionView, SERVABLE_ROLES, StoredModelRole } from '@alkdrec/contracts';
import { loadServableModel, ServingRepository } from '@alkdrec/db';
import { PrismaHolder } from '@alkdrec/service-kit';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { ArtifactStoreHolder } from '../../serving/artifact-store.holder';
import { buildLoadedModel } from '../../serving/loaded-model';
import { ServingRegistry } from '../../serving/serving-registry';
import { fieldProblem } from '../../http/field-problem';
import { checkpointProblem, servingProblem } from './model-problems';
import { toPromotionView } from './model-view';
import { requestedBy } from './requested-by';

const FIELDS = { dataset: 'params.id', modelId: 'params.id' };

export const promoteModelSpec = defineRoute({
  operationId: 'promoteModel',
  method: 'POST',
  path: '/v1/models/:id/promote',
  summary: 'Serve this model for its dataset (POST /v1/recommend), on every api replica within about a second',
  description:
    'Only a READY student or distilled student is served (a teacher is refused with 422). Its checkpoint is loaded and checked ' +
    'before anything is recorded; this replica serves it when the answer is sent, the others at their next poll. Promoting ' +
    'the model that already serves records nothing. No body.',
  tags: ['models'],
  auth: 'bearer',
  params: ModelParams,
  responses: { 200: { description: 'The promotion now in force', schema: PromotionView } },
  problems: ['not-found', 'conflict', 'unprocessable-content'],
});
type Spec = typeof promoteModelSpec;

@Injectable()
export class PromoteModelHandler implements RouteHandler<Spec> {
  constructor(
    private readonly prisma: PrismaHolder,
    private readonly artifacts: ArtifactStoreHolder,
    private readonly serving: ServingRepository,
    private readonly registry: ServingRegistry,
  ) {}

  async handle({ params, request }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const id = params.id;
    const row = await this.prisma.client.model.findUnique({ where: { id }, select: { role: true, status: true, dataset: { select: { name: true } } } });
    if (!row) throw fieldProblem('not-found', 'params.id', `model ${JSON.stringify(id)} not found`);
    const role = StoredModelRole.safeParse(row.role);
    if (!role.success || !SERVABLE_ROLES.includes(role.data)) {
      throw fieldProblem('unprocessable-content', 'params.id', `model ${JSON.stringify(id)} is a ${row.role}: only ${SERVABLE_ROLES.join(' and ')} models are served`);
    }
    if (row.status !== 'READY') throw fieldProblem('conflict', 'params.id', `model ${JSON.stringify(id)} is ${row.status}, not READY: only a trained model can be promoted`);
    // Built before the promotion is recorded: a checkpoint that does not load is refused, with nothing written.
    const loaded = await loadServableModel(this.prisma.client, this.artifacts.store, id)
      .then((servable) => buildLoadedModel(servable, 0))
      .catch((error: unknown) => {
        throw checkpointProblem(error, 'params.id', id) ?? error;
      });
    const state = await this.serving.promote(row.dataset.name, id, requestedBy(request)).catch((error: unknown) => {
      throw servingProblem(error, FIELDS) ?? error;
    });
    this.registry.install(state, { ...loaded, promotionId: state.promotionId });
    return { status: 200, body: toPromotionView(state) };
  }
}
