import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { QueueName, TrainResult } from '@alkdrec/contracts';
import { importDataset } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { parseExposition, QueueFactory, sumOf } from '@alkdrec/service-kit';
import {
  deleteKeysByPrefix,
  startEntryProcess,
  uniquePrefix,
  waitForLogLine,
  type EntryProcess,
} from '@alkdrec/service-kit/testing';
import { writeToyDataset } from './testing/toy-dataset';

const MAIN = join(__dirname, 'main.js');
const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';

/** The trainer as a process: after a short training job (in its worker thread) /metrics shows the training and the job. */
describe('trainer /metrics after a training job', () => {
  let db: TestDatabase;
  let dir: string;
  let run: EntryProcess;
  let url: string;
  const prefix = uniquePrefix('trainer-metrics');
  const factory = new QueueFactory({ redisUrl: REDIS_URL, prefix }, new Logger('test'));

  before(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'alkdrec-trainer-metrics-'));
    await importDataset(db.prisma, { name: 'toy', ...(await writeToyDataset(dir)) });
    run = startEntryProcess(MAIN, {
      BULLMQ_PREFIX: prefix,
      ALKDREC_ROLES: 'trainer',
      DATABASE_URL: db.databaseUrl,
      DATABASE_SCHEMA: db.schema,
      ARTIFACT_STORE: join(dir, 'artifacts'),
      TF_BACKEND: 'wasm',
    });
    url = String((await waitForLogLine(run, /ready for probes/))['url']);
    await waitForLogLine(run, /worker started on/);
  });
  after(async () => {
    run.kill('SIGTERM');
    await run.exited;
    await deleteKeysByPrefix(REDIS_URL, prefix);
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts its steps, their rate, the latest validation recall and passes, and the completed job', async () => {
    const queue = factory.queue(QueueName.Trainer);
    const events = factory.queueEvents(QueueName.Trainer);
    try {
      await events.waitUntilReady();
      const spec = { dataset: 'toy', backbone: 'fpmc', role: 'student', seed: 5, dim: 8, batchSize: 64, learningRate: 0.05, maxSteps: 60, evalEvery: 20, patience: 10 };
      const job = await queue.add('train', spec, { jobId: 'train-metrics-spec' });
      const result = TrainResult.parse(await job.waitUntilFinished(events, 120_000));
      assert.equal(result.reused, false);
      const model = await db.prisma.model.findUniqueOrThrow({ where: { id: result.modelId } });
      const history = model.history as { step: number; recall: number }[];

      const response = await fetch(`${url}/metrics`);
      assert.equal(response.status, 200);
      const e = parseExposition(await response.text());
      const labels = { backbone: 'fpmc', role: 'student' };
      assert.equal(sumOf(e, 'alkdrec_training_steps_total', labels), result.steps);
      assert.ok(sumOf(e, 'alkdrec_training_steps_per_second', labels) > 0);
      assert.equal(sumOf(e, 'alkdrec_training_validation_recall', { ...labels, k: '25' }), history.at(-1)?.recall);
      assert.equal(sumOf(e, 'alkdrec_training_validation_duration_seconds_count', labels), history.length);
      assert.equal(sumOf(e, 'alkdrec_jobs_completed_total', { queue: QueueName.Trainer, name: 'train' }), 1);
      assert.equal(sumOf(e, 'alkdrec_job_duration_seconds_count', { queue: QueueName.Trainer, name: 'train', outcome: 'completed' }), 1);
      assert.equal(sumOf(e, 'alkdrec_queue_jobs', { queue: QueueName.Trainer, state: 'completed' }), 1);
      assert.ok(sumOf(e, 'nodejs_heap_size_used_bytes') > 0);
    } finally {
      await Promise.all([queue.close(), events.close()]);
    }
  });
});
