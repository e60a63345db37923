import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '@alkdrec/recsys';
import { topK } from '@alkdrec/recsys';
import { buildModelExport, Recommender, type ModelExportInput } from '@alkdrec/serving';
import { initBackend } from '../backend';
import { disposeBatch, toSessionBatch, type Backbone, type BackboneName } from '../backbones/backbone';
import { createBackbone } from '../backbones/registry';
import { deserializeModel, disposeModel, serializeModel } from '../checkpoint/checkpoint';
import { forEachScoreRow } from '../evaluation/score-sessions';
import { encodeSessions, type SessionInput } from '../input/session-tensors';
import { loadEncoderFromExport } from '../testing/load-graph-model';
import { countAgreement } from '../testing/ranking-agreement';
import { tfjsConverterOps } from '../testing/tfjs-converter-ops';
import { tf } from '../tf';

const SHAPE = { itemCount: 150, dim: 10, maxLength: 10 };
const TOLERANCE = 1e-5;

/** A backbone whose every weight (padding rows included) is N(0, 0.5): far from the init, so differences show. */
function randomModel(name: BackboneName, seed: number): Backbone {
  const model = createBackbone(name, SHAPE, createRng(seed));
  const rng = createRng(seed + 100);
  for (const v of model.variables) {
    tf.tidy(() => v.assign(tf.tensor(Float32Array.from({ length: v.size }, () => rng.normal(0, 0.5)), v.shape)));
  }
  return model;
}

/** Sessions of 1–15 items (longer than the 10-item window too), repeats allowed. */
function randomSessions(count: number, seed: number): SessionInput[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => ({
    items: Array.from({ length: 1 + Math.floor(rng.next() * 15) }, () => Math.floor(rng.next() * SHAPE.itemCount)),
    next: 0,
  }));
}

function modelEncode(model: Backbone, sessions: readonly SessionInput[]): number[][] {
  const batch = toSessionBatch(tf, encodeSessions(sessions, SHAPE.itemCount, SHAPE.maxLength));
  try {
    return tf.tidy(() => model.encode(batch, false)).arraySync();
  } finally {
    disposeBatch(batch);
  }
}

function maxAbsDifference(a: ArrayLike<ArrayLike<number>>, b: ArrayLike<ArrayLike<number>>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const row = a[i] as ArrayLike<number>;
    for (let c = 0; c < row.length; c++) max = Math.max(max, Math.abs((row[c] as number) - ((b[i] as ArrayLike<number>)[c] as number)));
  }
  return max;
}

function exportInput(name: BackboneName, checkpoint: Uint8Array): ModelExportInput {
  return {
    model: { id: `parity-${name}`, role: 'student', seed: 1 },
    checkpoint,
    dataset: { name: 'synthetic', itemCount: SHAPE.itemCount, contentSha256: { items: null, sessions: null } },
    items: Array.from({ length: SHAPE.itemCount }, (_, i) => ({ externalId: String(i), title: `item ${i}` })),
    metrics: null,
    lineage: { dataset: 'synthetic', backbone: name, role: 'student', run: null, teacher: null, student: null, strategy: null, budget: null, seed: 1 },
  };
}

describe('serving parity with libs/models (encode(batch, training = false))', () => {
  before(async () => {
    await initBackend('wasm');
  });

  for (const name of ['fpmc', 'stamp', 'attmix'] as const) {
    describe(name, () => {
      const sessions = randomSessions(64, 7);

      it(`the pure-JS encoder equals encode within ${TOLERANCE}`, () => {
        const model = randomModel(name, 3);
        const recommender = Recommender.fromCheckpoint(serializeModel(model));
        const diff = maxAbsDifference(sessions.map((s) => recommender.encode(s.items)), modelEncode(model, sessions));
        disposeModel(model);
        assert.ok(diff <= TOLERANCE, `max |JS − model| = ${diff}`);
      });

      it(`the exported TF.js GraphModel equals encode within ${TOLERANCE}, using only tfjs-converter's ops`, async () => {
        const model = randomModel(name, 4);
        const files = buildModelExport(exportInput(name, serializeModel(model)));
        const ops = new Set(JSON.parse(new TextDecoder().decode(files.find((f) => f.path === 'encoder/model.json')?.bytes)).modelTopology.node.map((n: { op: string }) => n.op));
        const supported = tfjsConverterOps();
        assert.ok(supported.size > 100, 'read the op lists');
        assert.deepEqual([...ops].filter((op) => !supported.has(op as string)), []);

        const graph = await loadEncoderFromExport(files);
        const enc = encodeSessions(sessions, SHAPE.itemCount, SHAPE.maxLength);
        const u = tf.tidy(() => {
          const out = graph.execute({ item_ids: tf.tensor2d(enc.ids, [enc.count, enc.maxLength], 'int32'), mask: tf.tensor2d(enc.mask, [enc.count, enc.maxLength]) }, 'session_embedding');
          return (out as tf.Tensor2D).arraySync();
        });
        graph.dispose();
        const diff = maxAbsDifference(u, modelEncode(model, sessions));
        disposeModel(model);
        assert.ok(diff <= TOLERANCE, `max |graph − model| = ${diff}`);
      });

      it('the Recommender scores every item as forEachScoreRow does and keeps its top-10 (ties aside)', () => {
        const model = randomModel(name, 5);
        const recommender = Recommender.fromCheckpoint(serializeModel(model));
        const scores = new Float64Array(SHAPE.itemCount);
        const rows: Float32Array[] = [];
        const expected: number[][] = [];
        forEachScoreRow(model, encodeSessions(sessions, SHAPE.itemCount, SHAPE.maxLength), (i, row) => {
          rows[i] = row.slice();
          expected[i] = topK(row, SHAPE.itemCount, 10, new Set((sessions[i] as SessionInput).items));
        });
        disposeModel(model);
        let diff = 0;
        const actual = sessions.map((s, i) => {
          recommender.scoreAll(s.items, scores);
          diff = Math.max(diff, maxAbsDifference([scores], [rows[i] as Float32Array]));
          return recommender.recommend(s.items, 10, new Set(s.items)).map((r) => r.index);
        });
        assert.ok(diff <= TOLERANCE, `max |score difference| = ${diff}`);
        assert.deepEqual(countAgreement(expected, actual, (i) => rows[i] as Float32Array).upToTies, sessions.length);
      });

      it('deserializeModel restores what serializeModel wrote', () => {
        const model = randomModel(name, 6);
        const restored = deserializeModel(serializeModel(model));
        model.variables.forEach((v, i) => assert.deepEqual(restored.variables[i]?.dataSync(), v.dataSync()));
        disposeModel(model);
        disposeModel(restored);
      });
    });
  }

  it('deserializeModel names the problem in a bad checkpoint', () => {
    assert.throws(() => deserializeModel(new Uint8Array(40), 'models/m.ckpt'), /models\/m\.ckpt: not a valid ALKDREC1 checkpoint: bad magic/);
  });
});
