import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RECOMMEND_LIMITS, RecommendBatchResponse, RecommendResponse } from '@alkdrec/contracts';
import { Recommender } from '@alkdrec/serving';
import { parseExposition, sumOf } from '@alkdrec/service-kit';
import { expectProblem } from '../../testing/expect-problem';
import { AUTH, startTestApi, type TestApi } from '../../testing/test-api';
import { importFixtureDataset, storeModel, type FixtureDataset } from '../../testing/servable-models';

let api: TestApi;
let shop: FixtureDataset;
let reference: Recommender;

before(async () => {
  api = await startTestApi();
  shop = await importFixtureDataset(api.db.prisma, 'shop');
  await importFixtureDataset(api.db.prisma, 'empty-shelf');
  const checkpoint = await storeModel(api.db.prisma, { id: 'stamp-student', dataset: shop, backbone: 'stamp', seed: 7 });
  reference = Recommender.fromCheckpoint(checkpoint as Uint8Array);
  assert.equal((await api.fastify.inject({ method: 'POST', url: '/v1/models/stamp-student/promote', headers: AUTH })).statusCode, 200);
});
after(() => api.close());

const recommend = (payload: unknown, headers: Record<string, string> = {}) => api.fastify.inject({ method: 'POST', url: '/v1/recommend', payload: payload as object, headers });
const batch = (payload: unknown) => api.fastify.inject({ method: 'POST', url: '/v1/recommend/batch', payload: payload as object });
const id = (index: number) => shop.itemIds[index] as string;
/** What the Recommender itself gives for these catalogue indices, as the api names them. */
function expected(indices: number[], k: number, excludeSeen: boolean) {
  return reference.recommend(indices, k, excludeSeen ? new Set(indices) : undefined).map((r) => ({ itemId: id(r.index), score: r.score }));
}

describe('POST /v1/recommend', () => {
  it("answers the promoted model's top-k for the session, with ids and titles, the session's own items left out", async () => {
    const response = await recommend({ dataset: 'shop', items: [id(3), id(0), id(5)], k: 4 });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
    const answer = RecommendResponse.parse(response.json());
    assert.deepEqual([answer.dataset, answer.modelId, answer.unknownItems], ['shop', 'stamp-student', []]);
    assert.deepEqual(answer.items.map(({ itemId, score }) => ({ itemId, score })), expected([3, 0, 5], 4, true));
    assert.ok(answer.items.every((item) => ![id(3), id(0), id(5)].includes(item.itemId)));
    const titles = await api.db.prisma.item.findMany({ where: { datasetId: shop.id }, select: { externalId: true, title: true } });
    for (const item of answer.items) assert.equal(item.title, titles.find((t) => t.externalId === item.itemId)?.title);
  });

  it('defaults to k = 10 and excludeSeen = true; excludeSeen: false may recommend the session\'s items', async () => {
    const answer = RecommendResponse.parse((await recommend({ dataset: 'shop', items: [id(1)] })).json());
    assert.deepEqual(answer.items.map((i) => i.itemId), expected([1], 10, true).map((i) => i.itemId));
    assert.equal(answer.items.length, 10);
    const all = RecommendResponse.parse((await recommend({ dataset: 'shop', items: [id(1)], k: 12, excludeSeen: false })).json());
    assert.deepEqual(all.items.map((i) => i.itemId), expected([1], 12, false).map((i) => i.itemId));
    assert.equal(all.items.length, 12);
  });

  it('answers fewer than k when the catalogue runs out', async () => {
    const answer = RecommendResponse.parse((await recommend({ dataset: 'shop', items: [id(0), id(1)], k: 100 })).json());
    assert.equal(answer.items.length, shop.itemIds.length - 2);
  });

  it('ignores unknown item ids and reports each once, in the order sent', async () => {
    const answer = RecommendResponse.parse((await recommend({ dataset: 'shop', items: ['zz', id(2), 'aa', 'zz', id(4)], k: 3 })).json());
    assert.deepEqual(answer.unknownItems, ['zz', 'aa']);
    assert.deepEqual(answer.items.map(({ itemId, score }) => ({ itemId, score })), expected([2, 4], 3, true));
  });

  it('answers 422 naming body.items for an empty session and for one with no known item', async () => {
    const empty = await recommend({ dataset: 'shop', items: [] });
    assert.equal(empty.statusCode, 422);
    assert.match(expectProblem(empty, 'unprocessable-content', ['body.items']).detail, /no item ids/);
    const unknown = await recommend({ dataset: 'shop', items: ['zz', 'yy'] });
    assert.equal(unknown.statusCode, 422);
    assert.match(expectProblem(unknown, 'unprocessable-content', ['body.items']).detail, /none of its 2 item ids is in the catalogue of dataset "shop" \(unknown: "zz", "yy"\)/);
  });

  it('answers 404 naming body.dataset, saying how to promote a model, for a dataset no model serves', async () => {
    for (const dataset of ['empty-shelf', 'nope']) {
      const response = await recommend({ dataset, items: ['1'] });
      assert.equal(response.statusCode, 404);
      assert.match(expectProblem(response, 'not-found', ['body.dataset']).detail, /no model serves dataset ".*": promote one of its students with POST \/v1\/models\/\{id\}\/promote/);
    }
  });

  const tooMany = Array.from({ length: RECOMMEND_LIMITS.sessionItems + 1 }, (_, i) => String(i));
  for (const [what, body, fields] of [
    ['no dataset', { items: ['1'] }, ['body.dataset']],
    ['a badly named dataset', { dataset: 'Shop!', items: ['1'] }, ['body.dataset']],
    ['items not an array', { dataset: 'shop', items: '1,2' }, ['body.items']],
    ['a numeric item id', { dataset: 'shop', items: ['1', 2] }, ['body.items[1]']],
    ['an empty item id', { dataset: 'shop', items: [''] }, ['body.items[0]']],
    ['too many items', { dataset: 'shop', items: tooMany }, ['body.items']],
    ['k = 0', { dataset: 'shop', items: ['1'], k: 0 }, ['body.k']],
    ['k over the maximum', { dataset: 'shop', items: ['1'], k: RECOMMEND_LIMITS.k.max + 1 }, ['body.k']],
    ['a fractional k', { dataset: 'shop', items: ['1'], k: 2.5 }, ['body.k']],
    ['k as a string', { dataset: 'shop', items: ['1'], k: '10' }, ['body.k']],
    ['excludeSeen as a string', { dataset: 'shop', items: ['1'], excludeSeen: 'yes' }, ['body.excludeSeen']],
    ['an unknown field', { dataset: 'shop', items: ['1'], user: 'u1' }, ['body.user']],
    ['several bad fields at once', { dataset: 3, items: [null], k: -1 }, ['body.dataset', 'body.items[0]', 'body.k']],
    ['a JSON array', [], ['body']],
  ] as const) {
    it(`answers 400 naming the fields for ${what}`, async () => {
      const response = await recommend(body);
      assert.equal(response.statusCode, 400, response.body);
      expectProblem(response, 'validation', fields);
    });
  }

  it('answers 400 for a body that is not JSON and 415 for another content type', async () => {
    const broken = await recommend('{"dataset": "shop", ', { 'content-type': 'application/json' });
    assert.equal(broken.statusCode, 400);
    expectProblem(broken, 'validation', ['body']);
    const text = await recommend('dataset=shop', { 'content-type': 'text/plain' });
    assert.equal(text.statusCode, 415, text.body);
  });
});

describe('POST /v1/recommend/batch', () => {
  it('answers one result per session, in order; an empty or all-unknown session gets an error naming it, not the batch', async () => {
    const response = await batch({ dataset: 'shop', k: 3, sessions: [{ items: [id(0), id(1)] }, { items: [] }, { items: ['zz'] }, { items: ['zz', id(6)] }] });
    assert.equal(response.statusCode, 200, response.body);
    const answer = RecommendBatchResponse.parse(response.json());
    assert.deepEqual([answer.dataset, answer.modelId, answer.results.length], ['shop', 'stamp-student', 4]);
    const [first, empty, unknown, mixed] = answer.results;
    assert.deepEqual(first?.items.map(({ itemId, score }) => ({ itemId, score })), expected([0, 1], 3, true));
    assert.deepEqual([first?.unknownItems, first?.error], [[], null]);
    assert.deepEqual([empty?.items, empty?.error?.field], [[], 'body.sessions[1].items']);
    assert.deepEqual([unknown?.items, unknown?.unknownItems, unknown?.error?.field], [[], ['zz'], 'body.sessions[2].items']);
    assert.match(unknown?.error?.message ?? '', /none of its 1 item ids is in the catalogue/);
    assert.deepEqual([mixed?.unknownItems, mixed?.error], [['zz'], null]);
    assert.deepEqual(mixed?.items.map((i) => i.itemId), expected([6], 3, true).map((i) => i.itemId));
  });

  it('answers 404 naming body.dataset for a dataset no model serves', async () => {
    expectProblem(await batch({ dataset: 'empty-shelf', sessions: [{ items: ['1'] }] }), 'not-found', ['body.dataset']);
  });

  const sessions = (n: number) => Array.from({ length: n }, () => ({ items: ['1'] }));
  for (const [what, body, fields] of [
    ['no sessions', { dataset: 'shop', sessions: [] }, ['body.sessions']],
    ['too many sessions', { dataset: 'shop', sessions: sessions(RECOMMEND_LIMITS.batchSessions + 1) }, ['body.sessions']],
    ['a session without items', { dataset: 'shop', sessions: [{ items: ['1'] }, {}] }, ['body.sessions[1].items']],
    ['a session as a bare array', { dataset: 'shop', sessions: [['1']] }, ['body.sessions[0]']],
    ['a bad item id and a bad k', { dataset: 'shop', sessions: [{ items: [1] }], k: 1000 }, ['body.sessions[0].items[0]', 'body.k']],
    ['items at the top level', { dataset: 'shop', items: ['1'] }, ['body.sessions', 'body.items']],
  ] as const) {
    it(`answers 400 naming the fields for ${what}`, async () => {
      const response = await batch(body);
      assert.equal(response.statusCode, 400, response.body);
      expectProblem(response, 'validation', fields);
    });
  }
});

describe('recommend metrics', () => {
  const scrape = async () => parseExposition((await api.fastify.inject({ method: 'GET', url: '/metrics' })).body);
  const count = (e: ReturnType<typeof parseExposition>, labels: Record<string, string>) => sumOf(e, 'alkdrec_recommend_requests_total', labels);

  it("counts each answered request by the served dataset and status, and a dataset nobody serves as 'unknown' (no label from a body's spelling)", async () => {
    const before = await scrape();
    await recommend({ dataset: 'shop', items: [id(1)] });
    await batch({ dataset: 'shop', sessions: [{ items: [id(1)] }, { items: [id(2)] }] });
    await recommend({ dataset: 'shop', items: ['zz'] });
    await recommend({ dataset: 'typo-of-shop', items: ['1'] });
    const after = await scrape();
    assert.equal(count(after, { dataset: 'shop', status: '200' }) - count(before, { dataset: 'shop', status: '200' }), 2);
    assert.equal(count(after, { dataset: 'shop', status: '422' }) - count(before, { dataset: 'shop', status: '422' }), 1);
    assert.equal(count(after, { dataset: 'unknown', status: '404' }) - count(before, { dataset: 'unknown', status: '404' }), 1);
    assert.equal(count(after, { dataset: 'typo-of-shop' }), 0);
    const observed = (e: ReturnType<typeof parseExposition>) => sumOf(e, 'alkdrec_recommend_duration_seconds_count', { dataset: 'shop' });
    assert.equal(observed(after) - observed(before), 3);
  });
});

describe('the request log', () => {
  it('logs successful recommendations at debug (thousands a second would drown the log) and their failures at info', async () => {
    const entriesFor = (status: number) =>
      api.logs.filter((e) => {
        const message = (e as { message?: { route?: string; status?: number } }).message;
        return message?.route === '/v1/recommend' && message.status === status;
      }) as { level: string }[];
    await recommend({ dataset: 'shop', items: [id(1)] });
    await recommend({ dataset: 'shop', items: ['zz'] });
    assert.ok(entriesFor(200).length > 0 && entriesFor(200).every((e) => e.level === 'debug'));
    assert.ok(entriesFor(422).length > 0 && entriesFor(422).every((e) => e.level === 'log'));
  });
});
