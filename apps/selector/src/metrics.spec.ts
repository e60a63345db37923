import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { QueueName, type RunPayload } from '@alkdrec/contracts';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { parseExposition, QueueFactory, sumOf } from '@alkdrec/service-kit';
import {
  deleteKeysByPrefix,
  startEntryProcess,
  uniquePrefix,
  waitForLogLine,
  type EntryProcess,
} from '@alkdrec/service-kit/testing';

const MAIN = join(__dirname, 'main.js');
const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

/** The selector as a process: a run it drives (and fails: its dataset is not imported) shows on /metrics with its queues. */
describe('selector /metrics after a run', () => {
  let db: TestDatabase;
  let run: EntryProcess;
  let url: string;
  const prefix = uniquePrefix('selector-metrics');
  const factory = new QueueFactory({ redisUrl: REDIS_URL, prefix }, new Logger('test'));

  before(async () => {
    db = await createTestDatabase();
    run = startEntryProcess(MAIN, { BULLMQ_PREFIX: prefix, DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: db.schema });
    url = String((await waitForLogLine(run, /ready for probes/))['url']);
    await waitForLogLine(run, /worker started on/, 2);
  });
  after(async () => {
    run.kill('SIGTERM');
    await run.exited;
    await deleteKeysByPrefix(REDIS_URL, prefix);
    await db.drop();
  });

  it('counts the run driver started and failed, the failed job by reason, and reports both of its queues', async () => {
    const queue = factory.queue(QueueName.Runs);
    const events = factory.queueEvents(QueueName.Runs);
    try {
      await events.waitUntilReady();
      const payload: RunPayload = { spec: { dataset: 'never-imported', backbone: 'fpmc', strategy: 'random', provider: 'replay', budget: 10, seed: 1 } };
      const job = await queue.add('run', payload, { jobId: 'run-metrics-spec' });
      await assert.rejects(job.waitUntilFinished(events, 30_000), /not imported/);

      const response = await fetch(`${url}/metrics`);
      assert.equal(response.status, 200);
      const e = parseExposition(await response.text());
      assert.equal(sumOf(e, 'alkdrec_runs_started_total', { strategy: 'random' }), 1);
      assert.equal(sumOf(e, 'alkdrec_runs_finished_total', { strategy: 'random', state: 'failed' }), 1);
      assert.equal(sumOf(e, 'alkdrec_jobs_failed_total', { queue: QueueName.Runs, name: 'run', reason: 'UnrecoverableError', final: 'true' }), 1);
      assert.equal(sumOf(e, 'alkdrec_queue_jobs', { queue: QueueName.Runs, state: 'failed' }), 1);
      assert.equal(sumOf(e, 'alkdrec_queue_jobs', { queue: QueueName.RankingCollect, state: 'wait' }), 0);
      assert.ok(e.types.has('alkdrec_queue_jobs'));
    } finally {
      await Promise.all([queue.close(), events.close()]);
    }
  });
});
