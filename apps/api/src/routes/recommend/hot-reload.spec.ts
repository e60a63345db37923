import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RecommendResponse } from '@alkdrec/contracts';
import { AUTH, startTestApi, type TestApi } from '../../testing/test-api';
import { eventually, importFixtureDataset, storeModel, type FixtureDataset } from '../../testing/servable-models';

// Two api replicas on one database: what one promotes or rolls back, the other serves within a poll.
let first: TestApi;
let second: TestApi;
let shop: FixtureDataset;

before(async () => {
  first = await startTestApi();
  shop = await importFixtureDataset(first.db.prisma, 'shop');
  await storeModel(first.db.prisma, { id: 'old', dataset: shop, backbone: 'fpmc', seed: 1 });
  await storeModel(first.db.prisma, { id: 'new', dataset: shop, backbone: 'attmix', seed: 2 });
  assert.equal((await first.fastify.inject({ method: 'POST', url: '/v1/models/old/promote', headers: AUTH })).statusCode, 200);
  // Started after the promotion: it loads what serves at start.
  second = await startTestApi({ db: first.db });
});
after(async () => {
  await second?.close();
  await first?.close();
});

/** The model a replica answers with, or the status it answers when it has none. */
async function servedBy(api: TestApi): Promise<string | number> {
  const response = await api.fastify.inject({ method: 'POST', url: '/v1/recommend', payload: { dataset: 'shop', items: [shop.itemIds[0]], k: 3 } });
  return response.statusCode === 200 ? RecommendResponse.parse(response.json()).modelId : response.statusCode;
}

function serves(api: TestApi, modelId: string): Promise<true> {
  return eventually(`the replica serves ${modelId}`, async () => ((await servedBy(api)) === modelId ? true : undefined));
}

describe('hot reload across api replicas', () => {
  it('serves at start what was promoted before it started', async () => {
    await serves(second, 'old');
  });

  it('serves a model promoted through the other replica within a poll, answering every request meanwhile', async () => {
    // Requests keep flowing on the second replica while it swaps models: each is answered whole by one model.
    const seen: (string | number)[] = [];
    let swapping = true;
    const traffic = (async () => {
      while (swapping) seen.push(await servedBy(second));
    })();
    const promoted = await first.fastify.inject({ method: 'POST', url: '/v1/models/new/promote', headers: AUTH });
    assert.equal(promoted.statusCode, 200, promoted.body);
    assert.equal(await servedBy(first), 'new', 'the promoting replica serves it when it answers');
    await serves(second, 'new');
    swapping = false;
    await traffic;
    assert.ok(seen.every((answer) => answer === 'old' || answer === 'new'), JSON.stringify([...new Set(seen)]));
    // Never back to the old model once the new one answered.
    assert.equal(seen.slice(seen.indexOf('new')).every((answer) => answer === 'new'), true);
  });

  it('goes back to the model before when the other replica rolls back', async () => {
    const back = await first.fastify.inject({ method: 'POST', url: '/v1/datasets/shop/rollback', headers: AUTH });
    assert.equal(back.statusCode, 200, back.body);
    await serves(second, 'old');
    assert.equal(await servedBy(first), 'old');
  });

  it('works the other way round too: promoted through the second, served by the first', async () => {
    assert.equal((await second.fastify.inject({ method: 'POST', url: '/v1/models/new/promote', headers: AUTH })).statusCode, 200);
    await serves(first, 'new');
  });
});
