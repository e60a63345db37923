import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Problem, QueueName } from '@alkdrec/contracts';
import { Queue } from 'bullmq';
import { DASHBOARD_COOKIE } from '../auth/check-auth';
import { AUTH, startTestApi, TEST_TOKEN, type TestApi } from '../testing/test-api';

let api: TestApi;

before(async () => {
  api = await startTestApi();
});
after(async () => {
  await api.close();
});

function get(url: string, headers: Record<string, string> = {}) {
  return api.fastify.inject({ method: 'GET', url, headers });
}

/** The cookie POST /v1/session sets, as a browser would send it back. */
async function signIn(token = TEST_TOKEN): Promise<string> {
  const response = await api.fastify.inject({ method: 'POST', url: '/v1/session', payload: { token } });
  assert.equal(response.statusCode, 204, response.body);
  const setCookie = String(response.headers['set-cookie']);
  assert.match(setCookie, new RegExp(`^${DASHBOARD_COOKIE}=[0-9a-f]{64}; Path=/queues; Max-Age=43200; HttpOnly; SameSite=Strict$`));
  return setCookie.split(';')[0] as string;
}

describe('the queue dashboard (/queues)', () => {
  for (const [what, url] of [
    ['its page', '/queues'],
    ["Bull Board's API", '/queues/api/queues'],
    ['a retry through its API', '/queues/api/queues/alkdrec.trainer/retry/failed'],
  ] as const) {
    it(`answers 401 to no token and to a wrong one: ${what}`, async () => {
      const method = url.includes('/retry/') ? 'PUT' : 'GET';
      for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }, { cookie: `${DASHBOARD_COOKIE}=${'0'.repeat(64)}` }]) {
        const response = await api.fastify.inject({ method, url, headers });
        assert.equal(response.statusCode, 401, `${JSON.stringify(headers)}: ${response.body}`);
        assert.match(String(response.headers['www-authenticate']), /^Bearer realm="alkdrec"/);
        assert.equal(Problem.parse(response.json()).status, 401);
      }
    });
  }

  it('shows every queue of the contracts, with the service prefix, to a right token', async () => {
    const page = await get('/queues', AUTH);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<title>ALKDRec queues<\/title>/);
    const response = await get('/queues/api/queues', AUTH);
    assert.equal(response.statusCode, 200, response.body);
    const names = (response.json() as { queues: { name: string }[] }).queues.map((queue) => queue.name).sort();
    assert.deepEqual(names, Object.values(QueueName).sort());
  });

  it("reads the queues under the service's BULLMQ_PREFIX", async () => {
    const queue = new Queue(QueueName.Trainer, { connection: { url: process.env['REDIS_URL'] || 'redis://127.0.0.1:6379' }, prefix: api.prefix });
    try {
      await queue.add('train', { simulated: true }, { jobId: 'dashboard-spec-job' });
      const response = await get(`/queues/api/queues?activeQueue=${QueueName.Trainer}&status=waiting`, AUTH);
      const trainer = (response.json() as { queues: { name: string; counts: Record<string, number> }[] }).queues.find((q) => q.name === QueueName.Trainer);
      assert.equal(trainer?.counts['waiting'], 1);
    } finally {
      await queue.close();
    }
  });

  it('opens to the cookie of POST /v1/session, which is not the token and does not open the api', async () => {
    const cookie = await signIn();
    assert.ok(!cookie.includes(TEST_TOKEN));
    assert.equal((await get('/queues', { cookie })).statusCode, 200);
    assert.equal((await get('/queues/api/queues', { cookie })).statusCode, 200);
    const upload = await api.fastify.inject({ method: 'POST', url: '/v1/datasets', headers: { cookie } });
    assert.equal(upload.statusCode, 401);
  });

  it('refuses a wrong token at sign-in: 401 and no cookie', async () => {
    const response = await api.fastify.inject({ method: 'POST', url: '/v1/session', payload: { token: 'wrong-token-0123456789' } });
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['set-cookie'], undefined);
  });

  it("gives a browser the sign-in form, whose post sets the cookie and redirects back", async () => {
    const page = await get('/queues', { accept: 'text/html,application/xhtml+xml' });
    assert.equal(page.statusCode, 401);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /<form method="post" action="\/v1\/session">/);
    const form = await api.fastify.inject({
      method: 'POST',
      url: '/v1/session',
      payload: `token=${encodeURIComponent(TEST_TOKEN)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.statusCode, 303, form.body);
    assert.equal(form.headers['location'], '/queues');
    const cookie = String(form.headers['set-cookie']).split(';')[0] as string;
    assert.equal((await get('/queues', { cookie })).statusCode, 200);
  });

  it('marks the cookie Secure behind a TLS proxy', async () => {
    const response = await api.fastify.inject({ method: 'POST', url: '/v1/session', payload: { token: TEST_TOKEN }, headers: { 'x-forwarded-proto': 'https' } });
    assert.match(String(response.headers['set-cookie']), /; Secure$/);
  });
});

describe('an api on loopback without tokens', () => {
  let open: TestApi;
  before(async () => {
    open = await startTestApi({ env: { API_TOKENS: '' } });
  });
  after(async () => {
    await open.close();
  });

  it('serves the dashboard and mutating routes without a token, and says so in its log', async () => {
    assert.equal((await open.fastify.inject({ method: 'GET', url: '/queues/api/queues' })).statusCode, 200);
    const upload = await open.fastify.inject({ method: 'POST', url: '/v1/datasets', headers: { 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(upload.statusCode, 415);
    assert.match(JSON.stringify(open.logs), /no API tokens \(API_TOKENS, API_TOKENS_FILE\)/);
  });
});
