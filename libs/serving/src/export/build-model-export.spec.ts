import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { loadServingModel } from '../backbones/serving-model';
import { weight } from '../backbones/weights';
import { syntheticCheckpoint } from '../testing/synthetic-checkpoint';
import { buildModelExport, EXPORT_FILES, ModelExportError } from './build-model-export';
import type { ModelExportInput } from './export-input';
import type { ExportManifest } from './export-manifest';

const SHAPE = { itemCount: 6, dim: 4, maxLength: 10 };

function input(backbone: 'fpmc' | 'stamp' | 'attmix', extra: Partial<ModelExportInput> = {}): ModelExportInput {
  return {
    model: { id: `m-${backbone}`, role: 'distilled', seed: 3, createdAt: new Date('2025-01-02T03:04:05Z') },
    checkpoint: syntheticCheckpoint(backbone, SHAPE, 5),
    dataset: { name: 'tiny', itemCount: SHAPE.itemCount, contentSha256: { items: 'a'.repeat(64), sessions: null } },
    items: Array.from({ length: SHAPE.itemCount }, (_, i) => ({ externalId: `id-${i}`, title: `Title "${i}", ünïcode` })),
    metrics: { split: 'test', exclusion: 'session', sessions: 12, recall5: 0.1, ndcg5: 0.05, recall10: 0.2, ndcg10: 0.08 },
    lineage: { dataset: 'tiny', backbone, role: 'distilled', run: 'run-1', teacher: 't-1', student: 's-1', strategy: 'alkdrec', budget: 500, seed: 3 },
    ...extra,
  };
}

function fileOf(files: ReturnType<typeof buildModelExport>, path: string): Uint8Array {
  const file = files.find((f) => f.path === path);
  assert.ok(file, `${path} is in the export`);
  return file.bytes;
}

describe('buildModelExport', () => {
  for (const backbone of ['fpmc', 'stamp', 'attmix'] as const) {
    it(`${backbone}: a manifest that describes every other file by size and sha256`, () => {
      const files = buildModelExport(input(backbone));
      assert.deepEqual(files.map((f) => f.path), [
        'manifest.json', 'README.md', 'items.jsonl', 'item_embeddings.f32', 'item_embeddings.npy', 'encoder/model.json', 'encoder/weights.bin',
      ]);
      const manifest = JSON.parse(new TextDecoder().decode(fileOf(files, EXPORT_FILES.manifest))) as ExportManifest;
      assert.deepEqual(
        manifest.files,
        files.slice(1).map((f) => ({ path: f.path, bytes: f.bytes.length, sha256: createHash('sha256').update(f.bytes).digest('hex') })),
      );
      assert.equal(manifest.formatVersion, 1);
      assert.equal(manifest.backbone, backbone);
      assert.equal(manifest.d, SHAPE.dim);
      assert.equal(manifest.maxLength, SHAPE.maxLength);
      assert.deepEqual(manifest.dataset, { name: 'tiny', itemCount: 6, contentSha256: { items: 'a'.repeat(64), sessions: null } });
      assert.deepEqual(manifest.lineage, input(backbone).lineage);
      assert.equal(manifest.model.createdAt, '2025-01-02T03:04:05.000Z');
      assert.equal(manifest.encoder.paddingId, SHAPE.itemCount);
      assert.deepEqual(manifest.encoder.inputs.map((t) => [t.name, t.dtype, t.shape]), [['item_ids', 'int32', [-1, 10]], ['mask', 'float32', [-1, 10]]]);
      assert.deepEqual(manifest.encoder.outputs.map((t) => [t.name, t.dtype, t.shape]), [['session_embedding', 'float32', [-1, 4]]]);
      assert.equal(manifest.scoring.vectors, 'raw'); // AttMix too: the reference scores a/‖a‖ against the raw Out
    });
  }

  it('writes the item vectors scores are taken against, raw float32 little-endian and as .npy', () => {
    for (const backbone of ['fpmc', 'attmix'] as const) {
      const files = buildModelExport(input(backbone));
      const expected = loadServingModel(input(backbone).checkpoint).itemVectors;
      const f32 = fileOf(files, EXPORT_FILES.embeddingsF32);
      const view = new DataView(f32.buffer, f32.byteOffset, f32.byteLength);
      assert.deepEqual(Float32Array.from({ length: f32.length / 4 }, (_, i) => view.getFloat32(4 * i, true)), expected);
      const npy = fileOf(files, EXPORT_FILES.embeddingsNpy);
      assert.deepEqual(npy.subarray(npy.length - f32.length), f32);
      // The output table's rows as stored, not normalised (AttMix included).
      const served = loadServingModel(input(backbone).checkpoint);
      assert.deepEqual(expected, weight(served.weights, 'out').slice(0, SHAPE.itemCount * SHAPE.dim));
    }
  });

  it('lists the items in index order, one JSON object per line', () => {
    const lines = new TextDecoder().decode(fileOf(buildModelExport(input('fpmc')), EXPORT_FILES.items)).split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(lines.map((l) => JSON.parse(l)), input('fpmc').items.map((item, index) => ({ index, itemId: item.externalId, title: item.title })));
  });

  it('writes an encoder graph whose Consts are all in the weights manifest, in weights.bin order', () => {
    const files = buildModelExport(input('stamp'));
    const model = JSON.parse(new TextDecoder().decode(fileOf(files, EXPORT_FILES.encoderModel)));
    assert.equal(model.format, 'graph-model');
    const consts = model.modelTopology.node.filter((n: { op: string }) => n.op === 'Const').map((n: { name: string }) => n.name);
    const weights = model.weightsManifest[0].weights as { name: string; shape: number[] }[];
    assert.deepEqual(weights.map((w) => w.name), consts);
    const bytes = weights.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    assert.equal(fileOf(files, EXPORT_FILES.encoderWeights).length, bytes);
    assert.deepEqual(model.weightsManifest[0].paths, ['weights.bin']);
  });

  it('is deterministic', () => {
    assert.deepEqual(buildModelExport(input('attmix')), buildModelExport(input('attmix')));
  });

  it('refuses items that do not match the checkpoint, and a backbone the checkpoint contradicts', () => {
    assert.throws(() => buildModelExport(input('fpmc', { items: input('fpmc').items.slice(1) })), (e: unknown) => e instanceof ModelExportError && /scores 6 items but dataset tiny has 6 \(5 item rows\)/.test(e.message));
    const lineage = { ...input('fpmc').lineage, backbone: 'stamp' };
    assert.throws(() => buildModelExport(input('fpmc', { lineage })), /recorded as stamp but its checkpoint holds fpmc/);
  });
});
