import { Injectable } from '@nestjs/common';
import { MODEL_EXPORT_CONTENT_TYPE, ModelParams } from '@alkdrec/contracts';
import { loadServableModel } from '@alkdrec/db';
import { buildModelExport, toTarball } from '@alkdrec/serving';
import { PrismaHolder } from '@alkdrec/service-kit';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import { ArtifactStoreHolder } from '../../serving/artifact-store.holder';
import { checkpointProblem } from './model-problems';

export const exportModelSpec = defineRoute({
  operationId: 'exportModel',
  method: 'GET',
  path: '/v1/models/:id/export',
  summary: 'Download a READY model as its export directory (docs/export.md), a .tar.gz',
  description:
    'The files of `alkdrec export --model <id>` under one directory `alkdrec-model-<id>/`: manifest.json, README.md, items.jsonl, ' +
    'item_embeddings.f32 / .npy and the TF.js encoder. Deterministic: the same model gives the same bytes.',
  tags: ['models'],
  auth: 'public',
  params: ModelParams,
  responses: {
    200: {
      description: 'A gzipped ustar archive',
      contentTypes: [MODEL_EXPORT_CONTENT_TYPE],
      headers: { 'Content-Disposition': 'attachment; filename="alkdrec-model-{id}.tar.gz"' },
    },
  },
  problems: ['not-found', 'conflict', 'unprocessable-content'],
});
type Spec = typeof exportModelSpec;

@Injectable()
export class ExportModelHandler implements RouteHandler<Spec> {
  constructor(
    private readonly prisma: PrismaHolder,
    private readonly artifacts: ArtifactStoreHolder,
  ) {}

  async handle({ params }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const files = await loadServableModel(this.prisma.client, this.artifacts.store, params.id)
      .then(buildModelExport)
      .catch((error: unknown) => {
        throw checkpointProblem(error, 'params.id', params.id) ?? error;
      });
    const root = `alkdrec-model-${params.id.replace(/[^\w.-]/g, '_').slice(0, 80)}`; // ustar keeps names up to 100 bytes
    return {
      status: 200,
      body: Buffer.from(toTarball(files, { root })),
      headers: { 'content-type': MODEL_EXPORT_CONTENT_TYPE, 'content-disposition': `attachment; filename="${root}.tar.gz"` },
    };
  }
}
