import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, ModelListPage, ModelListQuery } from '@alkdrec/contracts';
import { listModels } from '@alkdrec/db';
import { PrismaHolder } from '@alkdrec/service-kit';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { toModelView } from './model-view';

export const listModelsSpec = defineRoute({
  operationId: 'listModels',
  method: 'GET',
  path: '/v1/models',
  summary: 'List models with their test metrics and lineage',
  description:
    'Newest first; filter by `dataset`, `backbone`, `role` (teacher, student, distilled) and `status`; page with `limit` and ' +
    "`cursor` (the previous page's `next`) or `offset`. `serving` marks the model promoted for its dataset.",
  tags: ['models'],
  auth: 'public',
  query: ModelListQuery,
  responses: { 200: { description: 'A page of models', schema: ModelListPage } },
});
type Spec = typeof listModelsSpec;

@Injectable()
export class ListModelsHandler implements RouteHandler<Spec> {
  constructor(private readonly prisma: PrismaHolder) {}

  async handle({ query }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const key = query.cursor === undefined ? undefined : decodeCursor(query.cursor, 2);
    const after = key === undefined ? undefined : { createdAt: new Date(key[0] as string), id: key[1] as string };
    const { models, total, more } = await listModels(
      this.prisma.client,
      { dataset: query.dataset, backbone: query.backbone, role: query.role, status: query.status },
      { limit: query.limit, offset: query.offset, after },
    );
    const last = models[models.length - 1];
    const next = more && last ? encodeCursor([last.model.createdAt.toISOString(), last.model.id]) : null;
    return { status: 200, body: { models: models.map(toModelView), total, next } };
  }
}
