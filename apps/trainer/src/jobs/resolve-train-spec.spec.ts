import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DatasetMetadata, NEUTRAL_DATASET_METADATA, TrainSpec } from '@alkdrec/contracts';
import { bundledDatasetPaths, readDatasetMetadataFile } from '@alkdrec/db';
import { modelIdFor, resolveTrainSpec } from './resolve-train-spec';

const spec = (over: Record<string, unknown> = {}) =>
  TrainSpec.parse({ dataset: 'movielens-hetrec2011', backbone: 'fpmc', role: 'student', seed: 1, ...over });

/** The bundled datasets' own metadata files, as an import stores them. */
let movielens: DatasetMetadata;
let games: DatasetMetadata;
before(async () => {
  movielens = await readDatasetMetadataFile(bundledDatasetPaths('movielens-hetrec2011').metadataPath);
  games = await readDatasetMetadataFile(bundledDatasetPaths('amazon-games').metadataPath);
});

describe('resolveTrainSpec', () => {
  it('fills the reference defaults per role', () => {
    const student = resolveTrainSpec(spec(), movielens).options;
    assert.equal(student.dim, 10);
    assert.equal(student.patience, 10);
    assert.equal(student.negatives, 'in-batch');
    const teacher = resolveTrainSpec(spec({ role: 'teacher' }), movielens).options;
    assert.equal(teacher.dim, 100);
    assert.equal(teacher.patience, 20);
  });

  it("takes the default negatives from the dataset's metadata, not its name, unless told otherwise", () => {
    assert.equal(resolveTrainSpec(spec({ backbone: 'attmix' }), movielens).options.negatives, 'uniform-bce');
    assert.equal(resolveTrainSpec(spec({ backbone: 'attmix', dataset: 'amazon-games' }), games).options.negatives, 'in-batch');
    assert.equal(resolveTrainSpec(spec({ backbone: 'attmix', negatives: 'in-batch' }), movielens).options.negatives, 'in-batch');
    // A name that once meant MovieLens means nothing now: a user's dataset without metadata trains in-batch…
    assert.equal(resolveTrainSpec(spec({ backbone: 'attmix', dataset: 'movielens-copy' }), NEUTRAL_DATASET_METADATA).options.negatives, 'in-batch');
    // …and one whose metadata asks for uniform BCE gets it, whatever it is called.
    const own = DatasetMetadata.parse({ negatives: { attmix: 'uniform-bce', stamp: 'uniform-bce' } });
    assert.equal(resolveTrainSpec(spec({ backbone: 'stamp', dataset: 'shop' }), own).options.negatives, 'uniform-bce');
    assert.equal(resolveTrainSpec(spec({ backbone: 'fpmc', dataset: 'shop' }), own).options.negatives, 'in-batch');
  });

  it('draws uniform negatives per session as the reference (10 for a teacher, 1 for a student) only for uniform BCE', () => {
    assert.equal(resolveTrainSpec(spec({ backbone: 'attmix', role: 'teacher' }), movielens).options.uniformNegatives, 10);
    assert.equal(resolveTrainSpec(spec({ backbone: 'attmix' }), movielens).options.uniformNegatives, 1);
    // In-batch ignores the number: it keeps the value earlier versions resolved, and with it the model ids.
    assert.equal(resolveTrainSpec(spec({ backbone: 'attmix', dataset: 'amazon-games' }), games).options.uniformNegatives, 256);
  });

  it("changes AttMix's ids with its architecture revision: no checkpoint of the old AttMix is ever reused", () => {
    // The id the same spec had before REFERENCE §2's AttMix (revision 1), as stored by a quick grid then.
    const games40 = resolveTrainSpec(spec({ backbone: 'attmix', dataset: 'amazon-games', maxSteps: 40 }), games);
    assert.equal(modelIdFor(games40).replace(/\.[0-9a-f]{10}$/, ''), 'amazon-games.attmix.student.d10.s1');
    assert.notEqual(modelIdFor(games40), 'amazon-games.attmix.student.d10.s1.86080575cb');
  });
});

describe('modelIdFor', () => {
  it('is stable for equal specs and changes with any option', () => {
    const id = modelIdFor(resolveTrainSpec(spec(), movielens));
    assert.equal(modelIdFor(resolveTrainSpec(spec(), movielens)), id);
    assert.match(id, /^movielens-hetrec2011\.fpmc\.student\.d10\.s1\.[0-9a-f]{10}$/);
    assert.notEqual(modelIdFor(resolveTrainSpec(spec({ seed: 2 }), movielens)), id);
    assert.notEqual(modelIdFor(resolveTrainSpec(spec({ learningRate: 2e-3 }), movielens)), id);
    // Spelling out a default does not change the model.
    assert.equal(modelIdFor(resolveTrainSpec(spec({ dim: 10, patience: 10 }), movielens)), id);
  });

  it('gives FPMC and STAMP on the bundled datasets the ids they had when the defaults were keyed on names', () => {
    // Computed with the trainer before dataset metadata existed (the m20 FPMC student is docs/api.md's run):
    // stored models and runs keep finding their rows.
    const before: { over: Record<string, unknown>; id: string }[] = [
      { over: { role: 'teacher' }, id: 'movielens-hetrec2011.fpmc.teacher.d100.s1.2a830154b1' },
      { over: {}, id: 'movielens-hetrec2011.fpmc.student.d10.s1.a585247461' },
      { over: { maxSteps: 20 }, id: 'movielens-hetrec2011.fpmc.student.d10.s1.9ceb9f944d' },
      { over: { backbone: 'stamp' }, id: 'movielens-hetrec2011.stamp.student.d10.s1.cafaede3d1' },
      { over: { dataset: 'amazon-games', role: 'teacher' }, id: 'amazon-games.fpmc.teacher.d100.s1.279189d1d6' },
      { over: { dataset: 'amazon-games', backbone: 'stamp', role: 'teacher' }, id: 'amazon-games.stamp.teacher.d100.s1.748e6313bd' },
    ];
    for (const { over, id } of before) {
      const metadata = over['dataset'] === 'amazon-games' ? games : movielens;
      assert.equal(modelIdFor(resolveTrainSpec(spec(over), metadata)), id);
    }
  });
});
