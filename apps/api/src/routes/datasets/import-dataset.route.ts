import { Injectable } from '@nestjs/common';
import { DATASET_UPLOAD_FILES, DatasetImported, DatasetUploadFields, type DatasetUploadFile } from '@alkdrec/contracts';
import { importDataset, parseDatasetMetadata } from '@alkdrec/db';
import { PrismaHolder } from '@alkdrec/service-kit';
import { defineRoute, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';
import type { UploadedFile } from '../../uploads/uploaded-file';
import { toDatasetView } from './dataset-view';
import { importProblem, type UploadNames } from './import-problem';

export const importDatasetSpec = defineRoute({
  operationId: 'importDataset',
  method: 'POST',
  path: '/v1/datasets',
  summary: 'Import a dataset from uploaded items.csv and sessions.jsonl',
  description:
    'multipart/form-data with the field `name` (first), optionally `metadata` (the dataset\'s metadata as JSON text: prompt wording and ' +
    'default negatives, docs/data.md), and the files `items` and `sessions` (plain, or gzipped when the ' +
    "file name ends in .gz). The CLI's validation and messages (docs/data.md); all or nothing: a refused import writes no row.",
  tags: ['datasets'],
  auth: 'bearer',
  upload: { fields: DatasetUploadFields, files: DATASET_UPLOAD_FILES },
  responses: {
    201: { description: 'Imported', schema: DatasetImported, headers: { Location: 'The new dataset: /v1/datasets/{name}' } },
  },
  problems: ['conflict', 'payload-too-large', 'unsupported-media-type', 'unprocessable-content'],
});
type Spec = typeof importDatasetSpec;

@Injectable()
export class ImportDatasetHandler implements RouteHandler<Spec> {
  constructor(private readonly prisma: PrismaHolder) {}

  async handle({ body, files }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const names: UploadNames = { items: uploadName(files.items), sessions: uploadName(files.sessions) };
    let summary;
    try {
      summary = await importDataset(this.prisma.client, {
        name: body.name,
        ...(body.metadata === undefined ? {} : { metadata: parseDatasetMetadata(body.metadata, 'metadata (upload field)') }),
        itemsPath: files.items.path,
        sessionsPath: files.sessions.path,
        sourceNames: names,
      });
    } catch (error) {
      throw importProblem(error, names) ?? error;
    }
    const row = await this.prisma.client.dataset.findUniqueOrThrow({ where: { id: summary.datasetId } });
    return {
      status: 201,
      body: { dataset: toDatasetView(row), ms: summary.ms },
      headers: { location: `/v1/datasets/${encodeURIComponent(row.name)}` },
    };
  }
}

/** `items (upload "my-items.csv")`: the field and the client's file name, in messages and Dataset.source. */
function uploadName(file: UploadedFile): string {
  return `${file.field as DatasetUploadFile} (upload ${JSON.stringify(file.filename)})`;
}
