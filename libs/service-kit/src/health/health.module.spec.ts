import 'reflect-metadata';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { QueueName } from '@alkdrec/contracts';
import { BullmqModule } from '../bullmq/bullmq.module';
import { baseEnvSchema } from '../config/base-env.schema';
import { loadConfig } from '../config/load-config';
import { ServiceConfigModule } from '../config/service-config.module';
import { captureNestLogs } from '../testing/capture-nest-logs';
import { deleteKeysByPrefix } from '../testing/delete-keys-by-prefix';
import { uniquePrefix } from '../testing/unique-prefix';
import { HealthModule } from './health.module';

const prefixes: string[] = [];

async function startApp(env: Record<string, string>): Promise<{ app: INestApplication; url: string }> {
  const prefix = uniquePrefix('health');
  prefixes.push(prefix);
  const config = loadConfig(baseEnvSchema, {
    REDIS_URL: process.env['REDIS_URL'] ?? '',
    DATABASE_URL: process.env['DATABASE_URL'] ?? '',
    BULLMQ_PREFIX: prefix,
    ...env,
  });
  @Module({
    imports: [ServiceConfigModule.forRoot(config), BullmqModule, HealthModule.forRoot({ queues: [QueueName.Trainer], checkTimeoutMs: 1_500 })],
  })
  class TestAppModule {}
  const app = await NestFactory.create(TestAppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe(HealthModule.name, () => {
  const logs = captureNestLogs();
  after(async () => {
    logs.restore();
    for (const prefix of prefixes) await deleteKeysByPrefix(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', prefix);
  });

  it('answers live and ready when Postgres, Redis and the queue answer', async () => {
    const { app, url } = await startApp({});
    try {
      const live = await getJson(`${url}/health/live`);
      assert.equal(live.status, 200);
      assert.equal(live.body['status'], 'ok');

      const ready = await getJson(`${url}/health/ready`);
      assert.equal(ready.status, 200, JSON.stringify(ready.body));
      const info = ready.body['info'] as Record<string, { status: string }>;
      assert.deepEqual(Object.keys(info).sort(), ['postgres', `queue:${QueueName.Trainer}`, 'redis', 'workers']);
      for (const check of Object.values(info)) assert.equal(check.status, 'up');
    } finally {
      await app.close();
    }
  });

  it('is not ready, but still live, when Postgres is unreachable', async () => {
    // Port 1 on loopback refuses connections at once.
    const { app, url } = await startApp({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/test' });
    try {
      assert.equal((await getJson(`${url}/health/live`)).status, 200);
      const ready = await getJson(`${url}/health/ready`);
      assert.equal(ready.status, 503);
      const error = ready.body['error'] as Record<string, { status: string; message?: string }>;
      assert.deepEqual(Object.keys(error), ['postgres']);
      assert.match(String(error['postgres']?.message), /ECONNREFUSED|connect/);
    } finally {
      await app.close();
    }
  });

  it('is not ready when Redis is unreachable', async () => {
    const { app, url } = await startApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const ready = await getJson(`${url}/health/ready`);
      assert.equal(ready.status, 503);
      const error = ready.body['error'] as Record<string, { status: string }>;
      assert.equal(error['redis']?.status, 'down');
      assert.equal(error[`queue:${QueueName.Trainer}`]?.status, 'down');
    } finally {
      await app.close();
    }
  });
});
