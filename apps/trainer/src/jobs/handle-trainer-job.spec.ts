import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UnrecoverableError } from 'bullmq';
import { DistillResult, EvaluateResult, TrainResult, type TrainerProgress } from '@alkdrec/contracts';
import { importDataset } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { handleTrainerJob } from './handle-trainer-job';
import { createTrainerJobContext, type TrainerJobContext } from './job-context';
import type { TrainerJobHandle } from './progress';
import { writeToyDataset } from '../testing/toy-dataset';

function fakeJob(name: string, data: unknown): TrainerJobHandle & { progress: TrainerProgress[] } {
  const progress: TrainerProgress[] = [];
  return { name, data, progress, updateProgress: async (p) => void progress.push(p) };
}

describe(handleTrainerJob.name, () => {
  let db: TestDatabase;
  let ctx: TrainerJobContext;
  let dir: string;

  before(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'alkdrec-trainer-'));
    await importDataset(db.prisma, { name: 'toy', ...(await writeToyDataset(dir)) });
    ctx = await createTrainerJobContext({
      DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: db.schema, ARTIFACT_STORE: 'postgres', TF_BACKEND: 'wasm',
    });
  });
  after(async () => {
    await ctx?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const spec = { dataset: 'toy', backbone: 'fpmc', role: 'teacher', seed: 3, dim: 8, batchSize: 64, learningRate: 0.05, maxSteps: 100 };

  it('trains, stores checkpoint and test metrics, reports progress, and reuses the model on a retry', async () => {
    const job = fakeJob('train', spec);
    const result = TrainResult.parse(await handleTrainerJob(job, ctx));
    assert.equal(result.reused, false);
    assert.ok(result.test.recall10 > 0.5, `toy recall@10 ${result.test.recall10}`);
    assert.ok(job.progress.some((p) => p.phase === 'training' && p.validRecall !== undefined));
    assert.equal(job.progress.at(-1)?.phase, 'done');

    const row = await db.prisma.model.findUniqueOrThrow({ where: { id: result.modelId } });
    assert.equal(row.status, 'READY');
    assert.equal(row.backend, 'wasm');
    assert.equal(row.artifactUri, `postgres-artifact:models/${result.modelId}.ckpt`, 'checkpoints go to PostgreSQL by default');
    assert.ok((await db.prisma.modelArtifact.findUniqueOrThrow({ where: { key: `models/${result.modelId}.ckpt` } })).sizeBytes > 0);
    const evaluation = await db.prisma.evaluation.findFirstOrThrow({ where: { modelId: result.modelId, split: 'TEST' } });
    assert.equal(evaluation.ranks.length, evaluation.sessionCount);
    assert.equal(evaluation.recall10, result.test.recall10);

    const again = TrainResult.parse(await handleTrainerJob(fakeJob('train', spec), ctx));
    assert.equal(again.reused, true);
    assert.equal(again.modelId, result.modelId);
    assert.deepEqual(again.test, result.test);
  });

  it('evaluates a stored model to the same metrics', async () => {
    const { modelId, test } = TrainResult.parse(await handleTrainerJob(fakeJob('train', spec), ctx));
    const result = EvaluateResult.parse(await handleTrainerJob(fakeJob('evaluate', { modelId, split: 'test' }), ctx));
    assert.deepEqual(result.metrics, test);
    assert.equal(result.exclusion, 'session', 'the default rule, the one training records');
  });

  it("keeps a window-rule evaluation beside the training's session-rule one", async () => {
    const { modelId, test } = TrainResult.parse(await handleTrainerJob(fakeJob('train', spec), ctx));
    const result = EvaluateResult.parse(await handleTrainerJob(fakeJob('evaluate', { modelId, split: 'test', exclusion: 'window' }), ctx));
    assert.equal(result.exclusion, 'window');
    const rows = await db.prisma.evaluation.findMany({ where: { modelId, split: 'TEST' }, orderBy: { exclusion: 'asc' } });
    assert.deepEqual(rows.map((row) => row.exclusion), ['session', 'window']);
    assert.equal(rows[0]?.recall10, test.recall10, 'the session row is untouched');
    assert.equal(rows[1]?.recall10, result.metrics.recall10);
    // A retried train job still finds its session-rule test metrics and reuses the model.
    const again = TrainResult.parse(await handleTrainerJob(fakeJob('train', spec), ctx));
    assert.deepEqual([again.reused, again.test], [true, test]);
  });

  it('still loads a model whose checkpoint was written to a directory store before the default changed', async () => {
    const { modelId, test } = TrainResult.parse(await handleTrainerJob(fakeJob('train', spec), ctx));
    const file = join(dir, 'old-store', 'models', `${modelId}.ckpt`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, await ctx.artifacts.get(`postgres-artifact:models/${modelId}.ckpt`));
    await db.prisma.model.update({ where: { id: modelId }, data: { artifactUri: pathToFileURL(file).href } });
    await db.prisma.modelArtifact.delete({ where: { key: `models/${modelId}.ckpt` } });
    try {
      const result = (await handleTrainerJob(fakeJob('evaluate', { modelId, split: 'test' }), ctx)) as { metrics: unknown };
      assert.deepEqual(result.metrics, test);
    } finally {
      await ctx.artifacts.put(`models/${modelId}.ckpt`, await readFile(file)); // as the other tests expect it
      await db.prisma.model.update({ where: { id: modelId }, data: { artifactUri: `postgres-artifact:models/${modelId}.ckpt` } });
    }
  });

  it('predicts top-50, true rank and difficulty for every training session of a teacher', async () => {
    const { modelId } = TrainResult.parse(await handleTrainerJob(fakeJob('train', spec), ctx));
    const result = (await handleTrainerJob(fakeJob('predict', { modelId }), ctx)) as { sessionCount: number; withDifficulty: boolean };
    assert.equal(result.withDifficulty, true);
    const rows = await db.prisma.prediction.findMany({ where: { modelId } });
    const train = await db.prisma.session.findMany({ where: { split: 'TRAIN' } });
    assert.equal(rows.length, train.length);
    assert.equal(result.sessionCount, train.length);
    const sessionByRow = new Map(train.map((s) => [s.row, s]));
    for (const p of rows) {
      const session = sessionByRow.get(p.row);
      assert.ok(session);
      // 40 items minus the session's own (up to 2) leave at least 38 to rank.
      assert.equal(p.top50.length, 40 - new Set(session.items).size);
      assert.ok(p.top50.every((item) => !session.items.includes(item)));
      const position = p.top50.indexOf(session.next);
      assert.equal(p.trueRank, position === -1 ? 40 : position);
      assert.ok(p.difficulty !== null && p.difficulty < 0 && p.difficulty > -1);
    }
  });

  it('distils LLM rankings into the student: a new model, tested, reused on a retry', async () => {
    const studentSpec = { ...spec, role: 'student', dim: 4, maxSteps: 20 };
    const { modelId: studentModelId } = TrainResult.parse(await handleTrainerJob(fakeJob('train', studentSpec), ctx));
    const train = await db.prisma.session.findMany({ where: { split: 'TRAIN' }, orderBy: { row: 'asc' }, take: 30 });
    // An "LLM" that ranks each session's true next item first, then a few others.
    const rankings = train.map((s) => ({ row: s.row, ranking: [s.next, (s.next + 1) % 40, (s.next + 2) % 40] }));
    const payload = { studentModelId, seed: 1, source: { kind: 'rankings', rankings }, batchSize: 64, learningRate: 0.05, maxSteps: 60 };
    const job = fakeJob('distill', payload);
    const result = DistillResult.parse(await handleTrainerJob(job, ctx));
    assert.equal(result.reused, false);
    assert.equal(result.studentModelId, studentModelId);
    assert.match(result.modelId, new RegExp(`^${studentModelId.replace(/\./g, '\\.')}\\.distill\\.[0-9a-f]{10}$`));
    assert.equal(result.pairs, 30 * 3 * 3); // three items per session at positions 0–2, weight 3 each
    const row = await db.prisma.model.findUniqueOrThrow({ where: { id: result.modelId } });
    assert.equal(row.role, 'distilled');
    assert.equal(row.status, 'READY');
    assert.ok(await db.prisma.evaluation.findFirst({ where: { modelId: result.modelId, split: 'TEST' } }));

    const again = DistillResult.parse(await handleTrainerJob(fakeJob('distill', payload), ctx));
    assert.equal(again.reused, true);
    assert.equal(again.modelId, result.modelId);
    assert.equal(again.pairs, result.pairs);
  });

  it('distils a teacher top-50 (TR) with weight 1, and refuses rows outside the training split', async () => {
    const { modelId: teacherModelId } = TrainResult.parse(await handleTrainerJob(fakeJob('train', spec), ctx));
    await handleTrainerJob(fakeJob('predict', { modelId: teacherModelId }), ctx);
    const studentSpec = { ...spec, role: 'student', dim: 4, maxSteps: 20 };
    const { modelId: studentModelId } = TrainResult.parse(await handleTrainerJob(fakeJob('train', studentSpec), ctx));
    const tr = DistillResult.parse(await handleTrainerJob(
      fakeJob('distill', { studentModelId, seed: 1, source: { kind: 'teacher-top50', teacherModelId }, batchSize: 64, maxSteps: 20 }),
      ctx,
    ));
    const predictions = await db.prisma.prediction.findMany({ where: { modelId: teacherModelId } });
    assert.equal(tr.pairs, predictions.reduce((n, p) => n + p.top50.length, 0));

    const test = await db.prisma.session.findFirstOrThrow({ where: { split: 'TEST' } });
    await assert.rejects(
      handleTrainerJob(fakeJob('distill', { studentModelId, seed: 1, source: { kind: 'rankings', rankings: [{ row: test.row, ranking: [1] }] } }), ctx),
      (error: unknown) => error instanceof UnrecoverableError && /not a training session/.test(error.message),
    );
  });

  it('refuses a dataset too small to train at once, in words, not with a TensorFlow error after retries', async () => {
    // What an import of sessions naming no known item left before the importer refused it: a catalogue, no sessions.
    await db.prisma.dataset.create({
      data: { name: 'no-sessions', itemCount: 40, rowCount: 0, droppedRows: 50, droppedItems: 0, trainCount: 0, validCount: 0, testCount: 0, source: {} },
    });
    await assert.rejects(handleTrainerJob(fakeJob('train', { ...spec, dataset: 'no-sessions' }), ctx), (error: unknown) => {
      assert.ok(error instanceof UnrecoverableError, `not unrecoverable: ${String(error)}`);
      assert.match(error.message, /^dataset "no-sessions" cannot be trained on: 0 sessions kept after filtering \(0 train \/ 0 valid \/ 0 test\); training needs at least 20 train/);
      return true;
    });
    assert.equal(await db.prisma.model.count({ where: { datasetId: (await db.prisma.dataset.findUniqueOrThrow({ where: { name: 'no-sessions' } })).id } }), 0);
  });

  it('refuses unknown datasets, models and job names without retrying', async () => {
    await assert.rejects(handleTrainerJob(fakeJob('train', { ...spec, dataset: 'nope' }), ctx), UnrecoverableError);
    await assert.rejects(handleTrainerJob(fakeJob('evaluate', { modelId: 'nope' }), ctx), UnrecoverableError);
    await assert.rejects(handleTrainerJob(fakeJob('bake', {}), ctx), UnrecoverableError);
    await assert.rejects(handleTrainerJob(fakeJob('train', { ...spec, backbone: 'gru' }), ctx), /backbone/);
  });
});
