import { createHash } from 'node:crypto';
import { loadServingModel } from '../backbones/serving-model';
import { buildEncoderModel, ENCODER_WEIGHTS_FILE } from './encoder-model';
import type { ModelExportInput } from './export-input';
import type { ExportManifest } from './export-manifest';
import { exportReadme } from './export-readme';
import { float32Npy, littleEndianFloat32 } from './npy';
import type { ExportFile } from './tarball';

/** Bumped when a reader of an earlier export would misread a later one. */
export const EXPORT_FORMAT_VERSION = 1;
export const EXPORT_FILES = {
  manifest: 'manifest.json',
  readme: 'README.md',
  items: 'items.jsonl',
  embeddingsF32: 'item_embeddings.f32',
  embeddingsNpy: 'item_embeddings.npy',
  encoderModel: 'encoder/model.json',
  encoderWeights: `encoder/${ENCODER_WEIGHTS_FILE}`,
} as const;

/** The export does not agree with itself (items vs checkpoint, backbone vs lineage). */
export class ModelExportError extends Error {
  override readonly name = 'ModelExportError';
}

/**
 * A self-contained model directory (docs/export.md): manifest.json, README.md, items.jsonl, the item
 * vectors as raw little-endian float32 and as .npy, and the session encoder as a TF.js GraphModel.
 * Deterministic: the same input gives the same bytes.
 */
export function buildModelExport(input: ModelExportInput): ExportFile[] {
  const served = loadServingModel(input.checkpoint, `checkpoint of model ${input.model.id}`);
  const { itemCount, dim, maxLength } = served.shape;
  if (input.items.length !== itemCount || input.dataset.itemCount !== itemCount) {
    throw new ModelExportError(
      `model ${input.model.id} scores ${itemCount} items but dataset ${input.dataset.name} has ${input.dataset.itemCount} (${input.items.length} item rows)`,
    );
  }
  if (input.lineage.backbone !== served.backbone) {
    throw new ModelExportError(`model ${input.model.id} is recorded as ${input.lineage.backbone} but its checkpoint holds ${served.backbone}`);
  }
  const encoder = buildEncoderModel(served);
  const text = (s: string) => new TextEncoder().encode(s);
  const files: ExportFile[] = [
    { path: EXPORT_FILES.items, bytes: text(input.items.map((item, index) => `${JSON.stringify({ index, itemId: item.externalId, title: item.title })}\n`).join('')) },
    { path: EXPORT_FILES.embeddingsF32, bytes: littleEndianFloat32(served.itemVectors) },
    { path: EXPORT_FILES.embeddingsNpy, bytes: float32Npy(served.itemVectors, [itemCount, dim]) },
    { path: EXPORT_FILES.encoderModel, bytes: text(`${JSON.stringify(encoder.modelJson)}\n`) },
    { path: EXPORT_FILES.encoderWeights, bytes: encoder.weights },
  ];
  const manifest: ExportManifest = {
    format: 'alkdrec-model-export',
    formatVersion: EXPORT_FORMAT_VERSION,
    model: { id: input.model.id, role: input.model.role, createdAt: isoOrNull(input.model.createdAt) },
    backbone: served.backbone,
    d: dim,
    maxLength,
    dataset: { name: input.dataset.name, itemCount, contentSha256: input.dataset.contentSha256 },
    metrics: input.metrics,
    lineage: input.lineage,
    encoder: {
      format: 'tfjs-graph-model',
      modelJson: EXPORT_FILES.encoderModel,
      summary: served.facts.encoderSummary,
      paddingId: itemCount,
      inputs: encoder.inputs,
      outputs: encoder.outputs,
    },
    scoring: {
      itemEmbeddings: { f32: EXPORT_FILES.embeddingsF32, npy: EXPORT_FILES.embeddingsNpy, dtype: 'float32', byteOrder: 'little-endian', shape: [itemCount, dim] },
      vectors: served.facts.itemVectors,
      score: 'score(v) = dot(session_embedding, item_embeddings[v])',
      order: 'descending score; equal scores by lower item index',
      exclusion: "the project's evaluation excludes the session's own items; whether to is the caller's choice",
    },
    items: { path: EXPORT_FILES.items, count: itemCount, fields: ['index', 'itemId', 'title'] },
    files: [],
  };
  const readme = { path: EXPORT_FILES.readme, bytes: text(exportReadme(manifest)) };
  const described = [readme, ...files];
  const fullManifest: ExportManifest = { ...manifest, files: described.map((f) => ({ path: f.path, bytes: f.bytes.length, sha256: sha256(f.bytes) })) };
  return [{ path: EXPORT_FILES.manifest, bytes: text(`${JSON.stringify(fullManifest, null, 2)}\n`) }, ...described];
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isoOrNull(value: Date | string | undefined): string | null {
  if (value === undefined) return null;
  return value instanceof Date ? value.toISOString() : value;
}
