import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmptyDataset } from '../testing/seed';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { ModelNotFoundError, ModelRepository, type StartTrainingInput } from './model.repository';

let db: TestDatabase;
let datasetId: number;

before(async () => {
  db = await createTestDatabase();
  datasetId = await createEmptyDataset(db.prisma, 'models');
});
after(() => db.drop());

function input(id: string): StartTrainingInput {
  return {
    id,
    datasetId,
    backbone: 'fpmc',
    role: 'teacher',
    dim: 100,
    seed: 7,
    config: { lr: 0.001, batchSize: 1024, note: undefined },
  };
}

const result = {
  steps: 820,
  bestStep: 420,
  bestValidRecall: 0.0731,
  wallMs: 12_345.6,
  history: [
    { step: 20, recall: 0.01, loss: 0.69 },
    { step: 40, recall: 0.02, loss: 0.5 },
  ],
  artifactUri: 'file:///tmp/artifacts/m1.bin',
  backend: 'wasm',
};

describe('ModelRepository', () => {
  it('starts, completes and finds a model', async () => {
    const repository = new ModelRepository(db.prisma);
    const started = await repository.startTraining(input('m1'));
    assert.equal(started.status, 'TRAINING');
    assert.deepEqual(started.config, { lr: 0.001, batchSize: 1024 });

    await repository.markReady('m1', result);
    const ready = await repository.findById('m1');
    assert.ok(ready);
    assert.equal(ready.status, 'READY');
    assert.deepEqual(
      [ready.steps, ready.bestStep, ready.bestValidRecall, ready.wallMs, ready.artifactUri, ready.backend, ready.error],
      [820, 420, 0.0731, 12_346, 'file:///tmp/artifacts/m1.bin', 'wasm', null],
    );
    assert.deepEqual(ready.history, result.history);
  });

  it('restarting a finished model clears its old results', async () => {
    const repository = new ModelRepository(db.prisma);
    await repository.startTraining(input('m2'));
    await repository.markReady('m2', result);
    const restarted = await repository.startTraining({ ...input('m2'), seed: 8 });
    assert.equal(restarted.status, 'TRAINING');
    assert.equal(restarted.seed, 8);
    assert.deepEqual(
      [restarted.steps, restarted.bestValidRecall, restarted.history, restarted.artifactUri, restarted.backend],
      [null, null, null, null, null],
    );
    assert.equal(await db.prisma.model.count({ where: { id: 'm2' } }), 1);
  });

  it('records a failure and clears it on the next start', async () => {
    const repository = new ModelRepository(db.prisma);
    await repository.startTraining(input('m3'));
    const failed = await repository.markFailed('m3', new Error('out of memory'));
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.error, 'out of memory');
    assert.equal((await repository.startTraining(input('m3'))).error, null);
  });

  it('names a model that does not exist', async () => {
    const repository = new ModelRepository(db.prisma);
    await assert.rejects(repository.markReady('missing', result), ModelNotFoundError);
    await assert.rejects(repository.markFailed('missing', 'x'), /model "missing" not found/);
    assert.equal(await repository.findById('missing'), null);
  });
});
