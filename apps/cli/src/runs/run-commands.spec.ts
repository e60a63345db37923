import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueueName, RunCancellation, runIdOf, RunListPage, RunResult, RunSpec, stagesOf } from '@alkdrec/contracts';
import { RunRepository } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { QueueFactory, RunClient } from '@alkdrec/service-kit';
import { deleteKeysByPrefix, uniquePrefix, until } from '@alkdrec/service-kit/testing';
import type { Queue, QueueEvents, Worker } from 'bullmq';
import { runCliBinary, type CliRun } from '../testing/run-cli-binary';

const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const DATASET = 'cli-runs-test';
const METRICS = { recall5: 0.01, ndcg5: 0.005, recall10: 0.02, ndcg10: 0.008 };


/**
 * `alkdrec runs`, `cancel` and `resume` as a user runs them, against PostgreSQL and Redis with a
 * schema and prefix of their own. No selector runs unless the test plays one: a SIMULATED selector
 * (a BullMQ worker of the test on the run queue) that marks every stage of a run done, as a
 * driver would, and returns its result.
 */
describe('alkdrec runs, cancel and resume (the binary)', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let factory: QueueFactory;
  let client: RunClient;
  let runs: RunRepository;
  let events: QueueEvents;
  let datasetId: number;
  const queues = new Map<QueueName, Queue>();
  let env: NodeJS.ProcessEnv;
  const spec = (seed: number) => RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'tr', seed });

  before(async () => {
    db = await createTestDatabase();
    runs = new RunRepository(db.prisma);
    ({ id: datasetId } = await db.prisma.dataset.create({
      data: { name: DATASET, itemCount: 10, rowCount: 0, droppedRows: 0, droppedItems: 0, trainCount: 0, validCount: 0, testCount: 0, source: {} },
    }));
    factory = new QueueFactory({ redisUrl: REDIS_URL, prefix: uniquePrefix('cli-runs') }, { error: () => undefined });
    events = factory.queueEvents(QueueName.Runs);
    await events.waitUntilReady();
    const get = (name: QueueName) => {
      if (!queues.has(name)) queues.set(name, factory.queue(name));
      return queues.get(name) as Queue;
    };
    client = new RunClient({ prisma: db.prisma, queues: { get }, events });
    env = { ...process.env, REDIS_URL, DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: db.schema, BULLMQ_PREFIX: factory.settings.prefix, ALKDREC_DEBUG: '' };
  });
  after(async () => {
    await events?.close();
    await Promise.all([...queues.values()].map((queue) => queue.close()));
    await deleteKeysByPrefix(REDIS_URL, factory.settings.prefix);
    await db?.drop();
  });

  function cli(args: string[], onStderr?: (text: string) => void): Promise<CliRun> {
    return runCliBinary(args, { env, ...(onStderr ? { onStderr } : {}) });
  }


  /** A SIMULATED selector: drives each run job by marking its stages done with models that have test metrics. */
  function simulatedSelector(): Worker {
    return factory.worker(
      QueueName.Runs,
      async (job) => {
        const runId = runIdOf(RunSpec.parse((job.data as { spec: unknown }).spec));
        for (const [id, role] of [['T', 'teacher'], ['S', 'student'], ['D', 'distilled']] as const) {
          await db.prisma.model.upsert({ where: { id }, update: {}, create: { id, datasetId, backbone: 'fpmc', role, dim: 10, seed: 1, config: {}, status: 'READY' } });
          await db.prisma.evaluation.upsert({ where: { modelId_split_exclusion: { modelId: id, split: 'TEST', exclusion: 'session' } }, update: {}, create: { modelId: id, split: 'TEST', sessionCount: 1, ...METRICS, ranks: [0], wallMs: 1 } });
        }
        const stored = await runs.stages(runId);
        for (const name of stagesOf('tr')) {
          if (stored.get(name)?.status === 'SUCCEEDED') continue;
          await runs.startStage(runId, name);
          await runs.finishStage(runId, name, { wallMs: 3, detail: `${name} (simulated)`, models: { teacherModelId: 'T', studentModelId: 'S', distilledModelId: 'D' } });
        }
        await runs.finish(runId, 'SUCCEEDED');
        return client.follow(runId);
      },
      { concurrency: 1 },
    );
  }

  it('runs: lists the runs from PostgreSQL, newest first, filtered by state, as a table or JSON', async () => {
    const { runId } = await client.submit(spec(1));
    const listed = await cli(['runs', '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const page = RunListPage.parse((JSON.parse(listed.stdout) as { result: unknown }).result);
    assert.deepEqual([page.total, page.runs[0]?.id, page.runs[0]?.state, page.next], [1, runId, 'RUNNING', null]);
    const table = await cli(['runs', '--dataset', DATASET]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, new RegExp(`^${runId.replace(/\./g, '\\.')} +RUNNING +0/4 not started +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +–$`, 'm'));
    assert.match(table.stdout, /^runs 1–1 of 1$/m);
    assert.equal((await cli(['runs', '--state', 'succeeded'])).stdout, 'no runs\n');
  });

  it('cancel: cancels a running run, says so again when asked twice, names an unknown run (exit 2)', async () => {
    const { runId } = await client.submit(spec(1));
    const cancelled = await cli(['cancel', runId]);
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.match(cancelled.stdout, new RegExp(`^cancelled run ${runId.replace(/\./g, '\\.')}; its driver stops within a second .*Resume it with: alkdrec resume ${runId.replace(/\./g, '\\.')}\\n$`));
    const again = await cli(['cancel', runId, '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(RunCancellation.parse((JSON.parse(again.stdout) as { result: unknown }).result), { runId, state: 'CANCELLED', stage: null, already: true });
    assert.match((await cli(['runs', '--state', 'cancelled'])).stdout, new RegExp(`^${runId.replace(/\./g, '\\.')} +CANCELLED`, 'm'));
    const unknown = await cli(['cancel', 'no-such-run']);
    assert.deepEqual([unknown.code, unknown.stderr], [2, 'alkdrec: run no-such-run does not exist\n']);
  });

  it('resume: a cancelled run is driven again and its result printed; resuming it once more only prints it; a finished run cannot be cancelled', async () => {
    const runId = (await client.submit(spec(1))).runId; // cancelled by the test above: resumed here
    assert.equal((await runs.get(runId)).status, 'RUNNING');
    await client.cancel(runId);
    const selector = simulatedSelector();
    try {
      const resumed = await cli(['resume', runId, '--no-spawn', '--json']);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stderr, new RegExp(`\\[run\\] resumed run ${runId.replace(/\./g, '\\.')} \\(it had been cancelled; finished stages are kept\\)`));
      const document = JSON.parse(resumed.stdout) as { command: string; result: unknown };
      assert.equal(document.command, 'resume');
      assert.equal(RunResult.parse(document.result).runId, runId);
    } finally {
      await selector.close();
    }
    const again = await cli(['resume', runId]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /has already SUCCEEDED: nothing to resume; its result:/);
    assert.match(again.stdout, /^distilled +0\.01000 +0\.00500 +0\.02000 +0\.00800$/m);
    const refused = await cli(['cancel', runId]);
    assert.deepEqual([refused.code, refused.stderr], [1, `alkdrec: run ${runId} has already SUCCEEDED: only a RUNNING run can be cancelled\n`]);
  });

  it('a run followed by resume and cancelled meanwhile ends the command with exit 1 and how to resume it', async () => {
    const { runId } = await client.submit(spec(2));
    let said = false;
    const following = cli(['resume', runId, '--no-spawn'], (stderr) => (said ||= /is already RUNNING: nothing to resume; following it/.test(stderr)));
    await until('the command to follow the run', async () => (said ? true : undefined), 30_000);
    assert.equal((await cli(['cancel', runId])).code, 0);
    const ended = await following;
    assert.equal(ended.code, 1, ended.stderr);
    assert.match(ended.stderr, new RegExp(`alkdrec: run ${runId.replace(/\./g, '\\.')} was cancelled; resume it with: alkdrec resume ${runId.replace(/\./g, '\\.')}\\n$`));
  });
});
