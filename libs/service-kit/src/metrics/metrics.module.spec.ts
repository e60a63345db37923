import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type CanActivate, Controller, Get, type INestApplication, Module, UnauthorizedException, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { QueueName } from '@alkdrec/contracts';
import { UnrecoverableError, type QueueEvents } from 'bullmq';
import { BullmqModule } from '../bullmq/bullmq.module';
import { QueueRegistry } from '../bullmq/queue-registry.service';
import { resolveQueueTuning } from '../bullmq/queue-tuning';
import { WorkerHost } from '../bullmq/worker-host.service';
import { baseEnvSchema } from '../config/base-env.schema';
import { loadConfig } from '../config/load-config';
import { ServiceConfigModule } from '../config/service-config.module';
import { QueueFactory } from '../bullmq/queue-factory';
import { captureNestLogs, messageOf } from '../testing/capture-nest-logs';
import { deleteKeysByPrefix } from '../testing/delete-keys-by-prefix';
import { startRedisServer, type OwnRedisServer } from '../testing/redis-server';
import { uniquePrefix } from '../testing/unique-prefix';
import { until } from '../testing/until';
import { parseExposition, samplesOf, sumOf, type Exposition } from './exposition';
import { QUEUE_JOB_STATES } from './metric-catalogue';
import { MetricsModule } from './metrics.module';
import { RecommendMetrics } from './recommend-metrics';
import { ServiceAppModule } from '../roles/service-app.module';

const REDIS_URL = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const prefixes: string[] = [];

type AdapterName = 'express' | 'fastify';

/** A route behind a guard that refuses everyone: its requests must still be counted, by pattern. */
class RefuseAll implements CanActivate {
  canActivate(): boolean {
    throw new UnauthorizedException('no token');
  }
}
@Controller('v1/things')
class ThingsController {
  @Get(':id')
  @UseGuards(RefuseAll)
  get(): string {
    return 'never';
  }
}

async function startApp(adapter: AdapterName, redisUrl = REDIS_URL): Promise<{ app: INestApplication; url: string; prefix: string }> {
  const prefix = uniquePrefix('metrics');
  prefixes.push(prefix);
  const config = loadConfig(baseEnvSchema, { REDIS_URL: redisUrl, DATABASE_URL: process.env['DATABASE_URL'] ?? '', BULLMQ_PREFIX: prefix });
  @Module({
    imports: [ServiceConfigModule.forRoot(config), BullmqModule, MetricsModule.forRoot({ queues: [QueueName.Trainer], queueCountsCacheMs: 0, queueCountsTimeoutMs: 1_000 })],
    controllers: [ThingsController],
  })
  class TestAppModule {}
  const app = adapter === 'fastify'
    ? await NestFactory.create(TestAppModule, new FastifyAdapter(), { logger: false })
    : await NestFactory.create(TestAppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), prefix };
}

async function scrape(url: string): Promise<{ status: number; type: string | null; exposition: Exposition }> {
  const response = await fetch(`${url}/metrics`);
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), exposition: parseExposition(text) };
}

describe(MetricsModule.name, () => {
  const logs = captureNestLogs();
  after(async () => {
    logs.restore();
    for (const prefix of prefixes) await deleteKeysByPrefix(REDIS_URL, prefix);
  });

  for (const adapter of ['express', 'fastify'] as const) {
    it(`serves GET /metrics on the ${adapter} adapter: text format, process metrics, the queue's job counts`, async () => {
      const { app, url } = await startApp(adapter);
      try {
        const queue = app.get(QueueRegistry).get(QueueName.Trainer);
        await queue.add('train', { n: 1 });
        await queue.add('train', { n: 2 }, { delay: 60_000 });
        const { status, type, exposition } = await scrape(url);
        assert.equal(status, 200);
        // Express puts the charset first; Prometheus reads the parameters in any order.
        assert.match(String(type), /^text\/plain;/);
        assert.match(String(type), /version=0\.0\.4/);
        assert.match(String(type), /charset=utf-8/);
        assert.equal(exposition.types.get('process_resident_memory_bytes'), 'gauge');
        assert.equal(exposition.types.get('nodejs_eventloop_lag_seconds'), 'gauge');
        assert.equal(samplesOf(exposition, 'alkdrec_queue_jobs', { queue: QueueName.Trainer }).length, QUEUE_JOB_STATES.length);
        assert.equal(sumOf(exposition, 'alkdrec_queue_jobs', { queue: QueueName.Trainer, state: 'wait' }), 1);
        assert.equal(sumOf(exposition, 'alkdrec_queue_jobs', { queue: QueueName.Trainer, state: 'delayed' }), 1);
        // Against a real BullMQ queue: the waiting job and the delayed one are the backlog KEDA reads.
        assert.equal(sumOf(exposition, 'alkdrec_queue_backlog', { queue: QueueName.Trainer }), 2);

        // HTTP requests by route pattern; a path no route matches is one label value, not one per URL.
        const unmatched = { method: 'GET', route: 'unmatched', status: '404' };
        const refused = { method: 'GET', route: '/v1/things/:id', status: '401' };
        // The registry is the process's: other tests count too.
        const before = sumOf(exposition, 'alkdrec_http_requests_total', unmatched);
        const refusedBefore = sumOf(exposition, 'alkdrec_http_requests_total', refused);
        assert.equal((await fetch(`${url}/no/such/path-${Date.now()}`)).status, 404);
        assert.equal((await fetch(`${url}/v1/things/42`)).status, 401);
        const after = (await scrape(url)).exposition;
        assert.ok(sumOf(after, 'alkdrec_http_requests_total', { method: 'GET', route: '/metrics', status: '200' }) >= 1);
        assert.equal(sumOf(after, 'alkdrec_http_requests_total', unmatched) - before, 1);
        assert.equal(sumOf(after, 'alkdrec_http_requests_total', refused) - refusedBefore, 1, 'a request a guard refused counts under its route');
        assert.ok(sumOf(after, 'alkdrec_http_request_duration_seconds_count', { method: 'GET', route: '/metrics' }) >= 1);
        assert.ok(!samplesOf(after, 'alkdrec_http_requests_total').some((s) => /no\/such/.test(s.labels['route'] ?? '')));
      } finally {
        await app.close();
      }
    });
  }

  it("counts the worker host's completed and failed jobs with their durations, and a recommend request", async () => {
    const { app, url } = await startApp('express');
    let events: QueueEvents | undefined;
    try {
      const before = (await scrape(url)).exposition;
      const completedBefore = sumOf(before, 'alkdrec_jobs_completed_total', { queue: QueueName.Trainer, name: 'evaluate' });
      const failedBefore = sumOf(before, 'alkdrec_jobs_failed_total', { queue: QueueName.Trainer, name: 'evaluate', reason: 'UnrecoverableError', final: 'true' });
      events = app.get(QueueFactory).queueEvents(QueueName.Trainer);
      await events.waitUntilReady();
      app.get(WorkerHost).startInline(
        QueueName.Trainer,
        async (job) => {
          if (job.data.fail) throw new UnrecoverableError('no such model');
          return 'ok';
        },
        resolveQueueTuning(QueueName.Trainer, {}),
      );
      const queue = app.get(QueueRegistry).get(QueueName.Trainer);
      const good = await queue.add('evaluate', { fail: false });
      const bad = await queue.add('evaluate', { fail: true }, { attempts: 3 });
      await good.waitUntilFinished(events);
      await assert.rejects(bad.waitUntilFinished(events), /no such model/);
      app.get(RecommendMetrics).observe({ dataset: 'movielens-hetrec2011', status: 200, seconds: 0.0004 });
      app.get(RecommendMetrics).start(undefined)(422);

      const exposition = await until('the failed job in the metrics', async () => {
        const now = (await scrape(url)).exposition;
        return sumOf(now, 'alkdrec_jobs_failed_total', { queue: QueueName.Trainer, name: 'evaluate' }) > failedBefore ? now : undefined;
      }, 10_000);
      assert.equal(sumOf(exposition, 'alkdrec_jobs_completed_total', { queue: QueueName.Trainer, name: 'evaluate' }) - completedBefore, 1);
      assert.equal(sumOf(exposition, 'alkdrec_jobs_failed_total', { queue: QueueName.Trainer, name: 'evaluate', reason: 'UnrecoverableError', final: 'true' }) - failedBefore, 1);
      assert.ok(sumOf(exposition, 'alkdrec_job_duration_seconds_count', { queue: QueueName.Trainer, name: 'evaluate', outcome: 'completed' }) >= 1);
      for (const sample of samplesOf(exposition, 'alkdrec_jobs_failed_total')) assert.ok(!Object.values(sample.labels).some((v) => v === bad.id), 'no job ids in labels');
      assert.equal(sumOf(exposition, 'alkdrec_recommend_requests_total', { dataset: 'movielens-hetrec2011', status: '200' }), 1);
      assert.equal(sumOf(exposition, 'alkdrec_recommend_requests_total', { dataset: 'unknown', status: '422' }), 1);
      assert.equal(sumOf(exposition, 'alkdrec_recommend_duration_seconds_bucket', { dataset: 'movielens-hetrec2011', form: 'one', le: '0.0005' }), 1);
      assert.equal(sumOf(exposition, 'alkdrec_recommend_duration_seconds_bucket', { dataset: 'movielens-hetrec2011', form: 'one', le: '0.00025' }), 0);
    } finally {
      await events?.close();
      await app.close();
    }
  });

  it("reports a role's reportedQueues rather than the queues its readiness needs (the api: every queue)", async () => {
    const prefix = uniquePrefix('metrics-roles');
    prefixes.push(prefix);
    const config = loadConfig(baseEnvSchema, { REDIS_URL, DATABASE_URL: process.env['DATABASE_URL'] ?? '', BULLMQ_PREFIX: prefix });
    @Module({})
    class NothingModule {}
    const role = { envShape: {}, queues: [], reportedQueues: Object.values(QueueName), module: NothingModule };
    const app = await NestFactory.create(ServiceAppModule.forRoles([role], config), new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    try {
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const exposition = await until('every queue reported', async () => {
        const now = (await scrape(url)).exposition;
        return samplesOf(now, 'alkdrec_queue_jobs', { state: 'wait' }).length === Object.values(QueueName).length ? now : undefined;
      }, 10_000);
      for (const queue of Object.values(QueueName)) {
        assert.equal(sumOf(exposition, 'alkdrec_queue_jobs', { queue, state: 'wait' }), 0, queue);
        assert.equal(samplesOf(exposition, 'alkdrec_queue_backlog', { queue }).length, 1, `the backlog of ${queue}, for a scaler reading the api`);
      }
    } finally {
      await app.close();
    }
  });

  describe('with Redis away', () => {
    let redis: OwnRedisServer;
    before(async () => {
      redis = await startRedisServer();
    });
    after(() => redis.kill());

    for (const adapter of ['express', 'fastify'] as const) {
      it(`still answers 200 on ${adapter}, leaving the job counts out, logging once, and reports them again when Redis is back`, async () => {
        await redis.kill(); // a clean start whatever the test before left
        await redis.start();
        const { app, url } = await startApp(adapter, redis.url);
        // NestFactory.create({ logger: false }) silenced Nest's static Logger: route it to the test again.
        const logs = captureNestLogs();
        try {
          // Connected first (a producer fails fast while it connects).
          await until('job counts', async () => (samplesOf((await scrape(url)).exposition, 'alkdrec_queue_jobs').length > 0 ? true : undefined), 10_000);
          const warningsBefore = logs.entries.filter((e) => /alkdrec_queue_jobs .* failed/.test(messageOf(e))).length;
          await redis.kill();
          for (let i = 0; i < 3; i++) {
            const { status, exposition } = await scrape(url);
            assert.equal(status, 200);
            assert.deepEqual(samplesOf(exposition, 'alkdrec_queue_jobs'), [], 'job counts of a Redis that is away must be left out');
            assert.ok(sumOf(exposition, 'process_cpu_user_seconds_total') > 0, 'the rest still renders');
          }
          const warnings = logs.entries.filter((e) => /alkdrec_queue_jobs .* failed/.test(messageOf(e))).length - warningsBefore;
          assert.equal(warnings, 1, 'one warning, not one per scrape');

          await redis.start();
          const back = await until('job counts after Redis came back', async () => {
            const { exposition } = await scrape(url);
            return samplesOf(exposition, 'alkdrec_queue_jobs').length > 0 ? exposition : undefined;
          }, 30_000, 250);
          assert.ok(sumOf(back, 'alkdrec_metrics_collect_errors_total') >= 3);
          // A service stopped while Redis is away still shuts down (its queues drop their connections).
          await redis.kill();
        } finally {
          await app.close();
          logs.restore();
        }
      });
    }
  });
});
