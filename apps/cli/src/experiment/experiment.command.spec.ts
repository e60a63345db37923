import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueName } from '@alkdrec/contracts';
import { createPrismaClient } from '@alkdrec/db';
import { dropSchema } from '@alkdrec/db/testing';
import { QueueFactory } from '@alkdrec/service-kit';
import { deleteKeysByPrefix } from '@alkdrec/service-kit/testing';
import { runCliBinary, type CliRun } from '../testing/run-cli-binary';

const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test';
/** Three runs of one seed (student and teacher read from them), 20-step trainings, 20 sessions asked. */
const GRID = { name: 'tiny', datasets: ['movielens-hetrec2011'], backbones: ['fpmc'], variants: ['student', 'teacher', 'random', 'easiest', 'tr'], seeds: [3], budget: 20, maxSteps: 20, windowExclusion: [{ dataset: 'movielens-hetrec2011', backbone: 'fpmc' }] };
const RUN_IDS = ['random.replay.b20', 'easiest.replay.b20', 'tr.no-llm.all'].map((middle) => `movielens-hetrec2011.fpmc.${middle}.s3.m20`);


/**
 * `alkdrec experiment` as a user runs it, with the real services in a schema and queue prefix of
 * its own: a grid file's runs over two trainer workers it starts, then the same command again
 * (nothing to do), then a failed run resumed.
 */
describe('alkdrec experiment (the binary, real services)', { timeout: 300_000 }, () => {
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const schema = `test_cli_experiment_${stamp}`;
  const prefix = `test-cli-experiment-${stamp}`;
  let env: NodeJS.ProcessEnv;
  let gridPath: string;

  before(() => {
    env = { ...process.env, DATABASE_URL, REDIS_URL, DATABASE_SCHEMA: schema, BULLMQ_PREFIX: prefix };
    gridPath = join(mkdtempSync(join(tmpdir(), 'alkdrec-experiment-')), 'tiny.json');
    writeFileSync(gridPath, JSON.stringify(GRID));
  });
  after(async () => {
    await dropSchema(DATABASE_URL, schema);
    await deleteKeysByPrefix(REDIS_URL, prefix);
  });

  function cli(args: string[]): Promise<CliRun> {
    return runCliBinary(args, { env });
  }


  it('runs the grid over two trainer workers it starts, shows progress, stops them, and prints the summary', async () => {
    const { code, stdout, stderr } = await cli(['experiment', '--grid', gridPath, '--trainers', '2']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /experiment tiny: 3 runs, 0 finished already, 3 to run; 2 trainer workers, up to 8 runs at once/);
    assert.match(stderr, /started selector, trainer, llm-worker in one process group/);
    assert.match(stderr, /started 1 more trainer process: 2 trainer workers connected/);
    assert.match(stderr, /experiment tiny: 3\/3 runs finished \(100 %\), 0 running, 0 to submit — done/);
    assert.match(stdout, /^experiment tiny: 3 of 3 runs succeeded$/m);
    assert.match(stdout, /^movielens-hetrec2011 +fpmc +3 \/ 3$/m);
    // The window cell's models — one student, one teacher, three distilled — evaluated under the authors' rule too.
    assert.match(stderr, /follow-ups for the report: 5 trainer jobs \(5 evaluate\)/);

    const factory = new QueueFactory({ redisUrl: REDIS_URL, prefix }, { error: () => undefined });
    const queues = [QueueName.Runs, QueueName.Trainer, QueueName.LlmRanking].map((name) => factory.queue(name));
    try {
      assert.deepEqual(await Promise.all(queues.map((q) => q.getWorkersCount())), [0, 0, 0], 'the services it started are stopped');
    } finally {
      await Promise.all(queues.map((q) => q.close()));
    }
    const prisma = createPrismaClient({ databaseUrl: DATABASE_URL, schema });
    try {
      const runs = await prisma.run.findMany({ select: { id: true, status: true, teacherModelId: true } });
      assert.deepEqual(runs.map((r) => r.id).sort(), [...RUN_IDS].sort());
      assert.ok(runs.every((r) => r.status === 'SUCCEEDED'));
      assert.equal(new Set(runs.map((r) => r.teacherModelId)).size, 1, 'one teacher shared by the three runs');
      assert.equal(await prisma.model.count({ where: { role: { in: ['teacher', 'student'] } } }), 2);
      const evaluations = await prisma.evaluation.groupBy({ by: ['exclusion'], where: { split: 'TEST' }, _count: { _all: true } });
      assert.deepEqual(Object.fromEntries(evaluations.map((e) => [e.exclusion, e._count._all])), { session: 5, window: 5 });
    } finally {
      await prisma.$disconnect();
    }
  });

  it('does nothing the second time: every run finished already, no service started', async () => {
    const { code, stdout, stderr } = await cli(['experiment', '--grid', gridPath, '--json']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /3 runs, 3 finished already, 0 to run/);
    assert.doesNotMatch(stderr, /started|follow-ups/);
    const summary = JSON.parse(stdout) as { succeeded: number; failed: unknown[] };
    assert.equal(summary.succeeded, 3);
    assert.deepEqual(summary.failed, []);
  });

  it("stores what the report needs beyond the runs: a student's predictions, when missing", async () => {
    const prisma = createPrismaClient({ databaseUrl: DATABASE_URL, schema });
    try {
      const { studentModelId } = await prisma.run.findUniqueOrThrow({ where: { id: RUN_IDS[0]! } });
      const stored = await prisma.prediction.count({ where: { modelId: studentModelId! } });
      assert.equal(stored, 7393, 'the predict stage stored the student predictions');
      // As runs from before the predict stage stored them left it.
      await prisma.prediction.deleteMany({ where: { modelId: studentModelId! } });
      const { code, stderr } = await cli(['experiment', '--grid', gridPath, '--trainers', '1']);
      assert.equal(code, 0, stderr);
      assert.match(stderr, /follow-ups for the report: 1 trainer job \(1 predict\)/);
      assert.match(stderr, /follow-ups: 1\/1 done \(student predictions of /);
      assert.equal(await prisma.prediction.count({ where: { modelId: studentModelId! } }), 7393);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('resumes a run that failed, keeping its finished stages', async () => {
    const failed = RUN_IDS[1]!;
    const prisma = createPrismaClient({ databaseUrl: DATABASE_URL, schema });
    try {
      // As a driver that gave up in the distillation would have left it.
      await prisma.run.update({ where: { id: failed }, data: { status: 'FAILED', error: 'distill: simulated failure', distilledModelId: null } });
      await prisma.runStage.update({ where: { runId_name: { runId: failed, name: 'distill' } }, data: { status: 'FAILED' } });
      const { code, stderr } = await cli(['experiment', '--grid', gridPath, '--trainers', '1']);
      assert.equal(code, 0, stderr);
      assert.match(stderr, /3 runs, 2 finished already, 1 to run/);
      const stages = await prisma.runStage.findMany({ where: { runId: failed }, select: { name: true, attempts: true } });
      const attempts = Object.fromEntries(stages.map((s) => [s.name, s.attempts]));
      assert.equal(attempts['teacher'], 1, 'the teacher stage was not redone');
      assert.equal(attempts['distill'], 2, 'the failed stage ran again');
      assert.equal((await prisma.run.findUniqueOrThrow({ where: { id: failed } })).status, 'SUCCEEDED');
    } finally {
      await prisma.$disconnect();
    }
  });
});
