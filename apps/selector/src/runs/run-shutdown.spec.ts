import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueName, RunJob, runIdOf, runJobId, RunSpec } from '@alkdrec/contracts';
import { bundledDatasetPaths, importDataset } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { QueueFactory } from '@alkdrec/service-kit';
import { deleteKeysByPrefix, startEntryProcess, uniquePrefix, until } from '@alkdrec/service-kit/testing';
import type { Queue } from 'bullmq';

const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test';
const DATASET = 'movielens-hetrec2011';

/**
 * SIGTERM while a run waits on another service: the selector hands the run's job back to the queue
 * at once (delayed, no attempt used) instead of holding its shutdown, and exits 0. No trainer runs
 * here, so the run is parked in its teacher stage.
 */
describe('the selector at SIGTERM', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let prefix: string;
  let runs: Queue;

  before(async () => {
    db = await createTestDatabase(DATABASE_URL);
    const paths = bundledDatasetPaths(DATASET);
    await importDataset(db.prisma, { name: DATASET, itemsPath: paths.itemsPath, sessionsPath: paths.sessionsPath });
    prefix = uniquePrefix('run-shutdown');
    runs = new QueueFactory({ redisUrl: REDIS_URL, prefix }, { error: () => undefined }).queue(QueueName.Runs);
  });
  after(async () => {
    await runs?.close();
    await deleteKeysByPrefix(REDIS_URL, prefix);
    await db?.drop();
  });

  it('gives the run back without using an attempt and exits promptly', async () => {
    const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'random', seed: 5 });
    const runId = runIdOf(spec);
    const selector = startEntryProcess(
      join(__dirname, '..', 'main.js'),
      // A grace long enough that only the hand-back, not the grace period, can explain a quick exit.
      { DATABASE_SCHEMA: db.schema, BULLMQ_PREFIX: prefix, SHUTDOWN_GRACE_MS: '60000' },
      { logFile: join(tmpdir(), `alkdrec-run-shutdown-${process.pid}.log`) },
    );
    const job = await runs.add(RunJob.Run, { spec }, { jobId: runJobId(runId), attempts: 2 });
    await until('the run to wait on its teacher', async () => {
      const stage = await db.prisma.runStage.findUnique({ where: { runId_name: { runId, name: 'teacher' } } });
      return stage?.status === 'RUNNING' ? true : undefined;
    }, 60_000);

    const stopping = Date.now();
    selector.kill('SIGTERM');
    const exit = await selector.exited;
    // Nest re-raises the signal once its shutdown hooks are done.
    assert.ok(exit.signal === 'SIGTERM' || exit.code === 0, `exited with ${JSON.stringify(exit)}`);
    assert.ok(Date.now() - stopping < 15_000, `exited after ${Date.now() - stopping} ms, well inside the 60 s grace`);

    const parked = await runs.getJob(job.id as string);
    assert.ok(parked);
    assert.match(await parked.getState(), /^(delayed|waiting)$/);
    assert.equal(parked.attemptsMade, 0, 'handing back uses no attempt');
    const run = await db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    assert.equal(run.status, 'RUNNING', 'the run is not failed: the next selector resumes it');
  });
});
