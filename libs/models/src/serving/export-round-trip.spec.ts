import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { topK, type DatasetSession } from '@alkdrec/recsys';
import { buildModelExport, Recommender } from '@alkdrec/serving';
import { initBackend } from '../backend';
import type { BackboneName } from '../backbones/backbone';
import { disposeModel, serializeModel } from '../checkpoint/checkpoint';
import { forEachScoreRow } from '../evaluation/score-sessions';
import { encodeSessions } from '../input/session-tensors';
import { nextItemExamples } from '../training/examples';
import { trainModel } from '../training/train';
import { defaultTrainOptions } from '../training/train-options';
import { loadBundledDataset, repoRootWith, type BundledDataset } from '../testing/bundled-dataset';
import { countAgreement } from '../testing/ranking-agreement';

const run = promisify(execFile);
const DATASET = 'movielens-hetrec2011';
const CONSUMER = join('docs', 'examples', 'load-export.mjs');
const SESSIONS = 200;
const K = 10;

interface ConsumerSession {
  recommendations: { itemId: string; title: string; score: number }[];
  unknown: string[];
}

/**
 * The round trip: a short student of each backbone trained on the bundled MovieLens data,
 * exported, and loaded in a fresh `node` process by docs/examples/load-export.mjs, which imports
 * only @tensorflow/tfjs and Node's builtins. Its top-10 for 200 test sessions must equal the
 * project's full-catalogue ranking (forEachScoreRow + topK, session items excluded) up to ties, and
 * so must the serving Recommender's.
 */
describe(`export round trip: ${DATASET} students through ${CONSUMER} in a fresh process`, () => {
  let root: string;
  let dir: string;
  let data: BundledDataset;
  let test: DatasetSession[];

  before(async () => {
    await initBackend('wasm');
    root = repoRootWith(__dirname, CONSUMER);
    data = await loadBundledDataset(root, DATASET);
    test = data.sessions.filter((s) => s.split === 'test').slice(0, SESSIONS);
    dir = mkdtempSync(join(tmpdir(), 'alkdrec-export-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const backbone of ['fpmc', 'stamp', 'attmix'] as BackboneName[]) {
    it(`${backbone}: the consumer's and the Recommender's top-10 equal the project's for ${SESSIONS} test sessions (ties aside)`, async (t) => {
      const itemCount = data.items.length;
      const train = data.sessions.filter((s) => s.split === 'train');
      const valid = data.sessions.filter((s) => s.split === 'valid').slice(0, 300);
      const options = { ...defaultTrainOptions(backbone, 'student', 1), maxSteps: 40, evalEvery: 20 };
      const { model } = await trainModel({ itemCount, examples: nextItemExamples(train), valid }, options);
      const checkpoint = serializeModel(model);

      // The project's ranking, with each session's score row kept to judge ties.
      const rows: Float32Array[] = [];
      const project: number[][] = [];
      forEachScoreRow(model, encodeSessions(test, itemCount), (i, row) => {
        rows[i] = row.slice();
        project[i] = topK(row, itemCount, K, new Set((test[i] as DatasetSession).items));
      });
      disposeModel(model);

      const exportDir = join(dir, backbone);
      for (const file of buildModelExport({
        model: { id: `round-trip-${backbone}`, role: 'student', seed: 1 },
        checkpoint,
        dataset: { name: DATASET, itemCount, contentSha256: { items: null, sessions: null } },
        items: data.items.map((item) => ({ externalId: item.id, title: item.title })),
        metrics: null,
        lineage: { dataset: DATASET, backbone, role: 'student', run: null, teacher: null, student: null, strategy: null, budget: null, seed: 1 },
      })) {
        mkdirSync(dirname(join(exportDir, file.path)), { recursive: true });
        writeFileSync(join(exportDir, file.path), file.bytes);
      }
      const sessionsFile = join(dir, `${backbone}-sessions.json`);
      writeFileSync(sessionsFile, JSON.stringify(test.map((s) => s.items.map((v) => data.items[v]?.id))));
      const { stdout } = await run(process.execPath, [CONSUMER, exportDir, sessionsFile, '--k', String(K)], { cwd: root, maxBuffer: 64 << 20 });
      const consumer = (JSON.parse(stdout) as ConsumerSession[]).map((s) => s.recommendations.map((r) => data.indexOfId.get(r.itemId) as number));
      const consumerScores = (JSON.parse(stdout) as ConsumerSession[]).flatMap((s, i) => s.recommendations.map((r) => Math.abs(r.score - ((rows[i] as Float32Array)[data.indexOfId.get(r.itemId) as number] as number))));

      const recommender = Recommender.fromCheckpoint(checkpoint);
      const served = test.map((s) => recommender.recommend(s.items, K, new Set(s.items)).map((r) => r.index));

      const byConsumer = countAgreement(project, consumer, (i) => rows[i] as Float32Array);
      const byRecommender = countAgreement(project, served, (i) => rows[i] as Float32Array);
      const maxScoreDiff = Math.max(...consumerScores);
      const scoreScale = Math.max(...rows.map((row) => Math.max(...Array.from(row, Math.abs))));
      t.diagnostic(`${backbone} consumer: ${byConsumer.identical}/${SESSIONS} identical, ${byConsumer.upToTies}/${SESSIONS} up to ties; max |score diff| ${maxScoreDiff.toExponential(2)} (largest |score| ${scoreScale.toFixed(3)})`);
      t.diagnostic(`${backbone} Recommender: ${byRecommender.identical}/${SESSIONS} identical, ${byRecommender.upToTies}/${SESSIONS} up to ties`);
      assert.equal(consumer.length, SESSIONS);
      assert.ok(maxScoreDiff <= 1e-5 * scoreScale, `consumer scores within 1e-5 × ${scoreScale} of the project's (${maxScoreDiff})`);
      assert.equal(byConsumer.upToTies, SESSIONS);
      assert.equal(byRecommender.upToTies, SESSIONS);
    });
  }
});
