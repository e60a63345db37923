import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { QueueName, RunResult } from '@alkdrec/contracts';
import { createPrismaClient } from '@alkdrec/db';
import { dropSchema } from '@alkdrec/db/testing';
import { findRepoRoot, QueueFactory } from '@alkdrec/service-kit';
import { deleteKeysByPrefix } from '@alkdrec/service-kit/testing';
import { spawn } from 'node:child_process';
import { runCliBinary, type CliRun } from '../testing/run-cli-binary';

const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test';
/** A small run: short trainings and 20 sessions keep it to seconds; the path is the README's. */
const RUN = ['run', '--dataset', 'movielens-hetrec2011', '--backbone', 'fpmc', '--budget', '20', '--max-steps', '20'];


/**
 * `alkdrec run` as a user runs it, with the real services (replay provider: the recorded GPT-4
 * answers), in a schema and queue prefix of its own: starting what is missing in one process group,
 * resuming a finished run, and submitting to services that already run.
 */
describe('alkdrec run (the binary, real services)', { timeout: 300_000 }, () => {
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const schema = `test_cli_run_${stamp}`;
  const prefix = `test-cli-run-${stamp}`;
  let env: NodeJS.ProcessEnv;
  let factory: QueueFactory;

  before(() => {
    // ARTIFACT_STORE unset: checkpoints go to the default store, PostgreSQL (this schema).
    const { ARTIFACT_STORE: _unset, ...inherited } = process.env;
    env = { ...inherited, DATABASE_URL, REDIS_URL, DATABASE_SCHEMA: schema, BULLMQ_PREFIX: prefix };
    factory = new QueueFactory({ redisUrl: REDIS_URL, prefix }, { error: () => undefined });
  });
  after(async () => {
    await dropSchema(DATABASE_URL, schema);
    await deleteKeysByPrefix(REDIS_URL, prefix);
  });

  function cli(args: string[]): Promise<CliRun> {
    return runCliBinary(args, { env });
  }


  async function connectedWorkers(): Promise<number[]> {
    const queues = [QueueName.Runs, QueueName.Trainer, QueueName.LlmRanking].map((name) => factory.queue(name));
    try {
      return await Promise.all(queues.map((queue) => queue.getWorkersCount()));
    } finally {
      await Promise.all(queues.map((queue) => queue.close()));
    }
  }

  it('imports, starts selector, trainer and llm-worker in one group, prints the three models and the LLM bill, stops them', async () => {
    const { code, stdout, stderr } = await cli(RUN);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /importing the bundled copy/);
    assert.match(stderr, /started selector, trainer, llm-worker in one process group \(pid \d+/);
    for (const stage of ['1/7 teacher', '3/7 predict', '6/7 rank', '7/7 distill']) assert.match(stderr, new RegExp(`\\[run\\] ${stage}`));
    assert.match(stdout, /^run +movielens-hetrec2011\.fpmc\.alkdrec\.replay\.b20\.s1\.m20$/m);
    assert.match(stdout, /^pool +4992 sessions — replay: the 4992 of 7393 training sessions with a recorded GPT-4 answer/m);
    for (const row of ['student', 'teacher', 'distilled']) assert.match(stdout, new RegExp(`^${row} +0\\.\\d{5} +0\\.\\d{5} +0\\.\\d{5} +0\\.\\d{5}$`, 'm'));
    assert.match(stdout, /^LLM \(replay\): 20 sessions selected — 20 ranked; 21 calls \(0 from the response store\), 0\.0000 USD$/m);
    assert.deepEqual(await connectedWorkers(), [0, 0, 0], 'the services it started are stopped');

    const prisma = createPrismaClient({ databaseUrl: DATABASE_URL, schema });
    try {
      const models = await prisma.model.findMany({ select: { id: true, artifactUri: true } });
      assert.equal(models.length, 3);
      for (const model of models) assert.equal(model.artifactUri, `postgres-artifact:models/${model.id}.ckpt`, 'checkpoints in PostgreSQL by default');
      assert.equal(await prisma.modelArtifact.count(), 3);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('resumes a finished run: nothing is redone, the same result comes back', async () => {
    const { code, stdout, stderr } = await cli([...RUN, '--json']);
    assert.equal(code, 0, stderr);
    const result = RunResult.parse((JSON.parse(stdout) as { result: unknown }).result);
    assert.ok(result.stages.every((stage) => stage.resumed && stage.attempts === 1), 'every stage finished earlier, once');
    assert.equal(result.llm.selected, 20);
  });

  it('submits to services that already run, starting nothing (--no-spawn), and reuses teacher and student', async () => {
    const services = spawn(process.execPath, [join(findRepoRoot(__dirname), 'docker/start-role.js')], {
      env: { ...env, ALKDREC_ROLES: 'selector,trainer,llm-worker', HTTP_HOST: '127.0.0.1', HTTP_PORT: '0' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => services.once('exit', resolve));
    try {
      const { code, stdout, stderr } = await cli([...RUN, '--strategy', 'random', '--no-spawn', '--json']);
      assert.equal(code, 0, stderr);
      assert.doesNotMatch(stderr, /started/);
      const result = RunResult.parse((JSON.parse(stdout) as { result: unknown }).result);
      assert.equal(result.runId, 'movielens-hetrec2011.fpmc.random.replay.b20.s1.m20');
      const detail = Object.fromEntries(result.stages.map((stage) => [stage.name, stage.detail]));
      assert.match(detail['teacher'] ?? '', /reused/);
      assert.match(detail['student'] ?? '', /reused/);
      assert.match(detail['predict'] ?? '', /reused the 7393 stored predictions/);
    } finally {
      services.kill('SIGTERM');
      await exited;
    }
  });
});
