import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HealthReport, Problem, problemTypeOf } from '@alkdrec/contracts';
import { startTestApi, type TestApi } from '../../testing/test-api';

describe('the api on Fastify with its dependencies up', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(async () => {
    await api.close();
  });

  it('is live and ready: PostgreSQL and Redis answer', async () => {
    const live = await api.fastify.inject({ method: 'GET', url: '/health/live' });
    assert.equal(live.statusCode, 200);
    assert.equal(HealthReport.parse(live.json()).status, 'ok');
    const ready = HealthReport.parse((await api.fastify.inject({ method: 'GET', url: '/health/ready' })).json());
    assert.equal(ready.status, 'ok');
    assert.deepEqual(Object.keys(ready.info ?? {}).sort(), ['postgres', 'redis', 'workers']);
  });
});

describe('the api with PostgreSQL unreachable', () => {
  let api: TestApi;
  before(async () => {
    // Port 1 on loopback refuses connections at once.
    api = await startTestApi({ env: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/test' } });
  });
  after(async () => {
    await api.close();
  });

  it('stays live, is not ready (503 naming postgres), and answers its routes 503 unavailable', async () => {
    assert.equal((await api.fastify.inject({ method: 'GET', url: '/health/live' })).statusCode, 200);
    const ready = await api.fastify.inject({ method: 'GET', url: '/health/ready' });
    assert.equal(ready.statusCode, 503);
    assert.deepEqual(Object.keys(HealthReport.parse(ready.json()).error ?? {}), ['postgres']);
    const list = await api.fastify.inject({ method: 'GET', url: '/v1/datasets' });
    assert.equal(list.statusCode, 503, list.body);
    const problem = Problem.parse(list.json());
    assert.equal(problem.type, problemTypeOf('unavailable'));
    assert.equal(problem.detail, 'the database cannot be reached; try again later');
  });
});
