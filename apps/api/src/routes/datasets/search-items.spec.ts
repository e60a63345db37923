import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ItemSearchPage } from '@alkdrec/contracts';
import { createRunDataset } from '../../testing/run-fixture';
import { expectProblem } from '../../testing/expect-problem';
import { startTestApi, type TestApi } from '../../testing/test-api';

const DATASET = 'api-items-test';
/** A catalogue where 250 titles contain "zed" and sort before the one that starts with it. */
const CROWDED = 'api-items-crowded';
let api: TestApi;

const TITLES = ['The Matrix', 'Matrix Reloaded', 'Animatrix', 'Toy Story', 'MATRIX 4', '100% Pure', 'Under_score', 'AC\\DC'];

const get = (url: string) => api.fastify.inject({ method: 'GET', url });
async function search(dataset: string, query: string): Promise<string[]> {
  const response = await get(`/v1/datasets/${dataset}/items?${query}`);
  assert.equal(response.statusCode, 200, response.body);
  return ItemSearchPage.parse(response.json()).items.map((item) => item.title);
}

before(async () => {
  api = await startTestApi();
  const prisma = api.db.prisma;
  const datasetId = await createRunDataset(prisma, DATASET);
  await prisma.item.createMany({ data: TITLES.map((title, index) => ({ datasetId, index, externalId: `x${index}`, title })) });
  const crowded = await createRunDataset(prisma, CROWDED);
  const many = Array.from({ length: 250 }, (_, i) => `Abbey zed ${String(i).padStart(3, '0')}`);
  await prisma.item.createMany({ data: [...many, 'Zed and Two Noughts'].map((title, index) => ({ datasetId: crowded, index, externalId: `c${index}`, title })) });
});
after(async () => {
  await api.close();
});

describe('GET /v1/datasets/:name/items', () => {
  it('answers titles containing q, case-insensitive, those starting with it first, each in title order, with their item ids', async () => {
    const response = await get(`/v1/datasets/${DATASET}/items?q=matrix`);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), {
      items: [
        { itemId: 'x4', title: 'MATRIX 4' },
        { itemId: 'x1', title: 'Matrix Reloaded' },
        { itemId: 'x2', title: 'Animatrix' },
        { itemId: 'x0', title: 'The Matrix' },
      ],
    });
    assert.deepEqual(await search(DATASET, 'q=MATRIX&limit=2'), ['MATRIX 4', 'Matrix Reloaded']);
    assert.deepEqual(await search(DATASET, 'q=%20story%20'), ['Toy Story'], 'q is trimmed');
    assert.deepEqual(await search(DATASET, 'q=nothing'), []);
  });

  it('lists the first titles for an empty q (default limit 10)', async () => {
    assert.deepEqual(await search(DATASET, ''), [...TITLES].sort((a, b) => a.localeCompare(b)));
    assert.deepEqual(await search(DATASET, 'q=&limit=3'), [...TITLES].sort((a, b) => a.localeCompare(b)).slice(0, 3));
  });

  it("takes %, _ and \\ as characters, not SQL's wildcards", async () => {
    assert.deepEqual(await search(DATASET, 'q=%25'), ['100% Pure']);
    assert.deepEqual(await search(DATASET, 'q=_'), ['Under_score']);
    assert.deepEqual(await search(DATASET, 'q=%5C'), ['AC\\DC'], 'and the escape character too');
  });

  it('finds a title starting with q even when hundreds containing it sort before it', async () => {
    const titles = await search(CROWDED, 'q=zed&limit=3');
    assert.deepEqual(titles, ['Zed and Two Noughts', 'Abbey zed 000', 'Abbey zed 001']);
  });

  it('answers 404 naming params.name for an unknown dataset; 400 naming the field for a bad name or query', async () => {
    const missing = expectProblem(await get('/v1/datasets/no-such-dataset/items?q=a'), 'not-found', ['params.name']);
    assert.match(missing.detail, /no-such-dataset/);
    expectProblem(await get('/v1/datasets/Not%20One/items'), 'validation', ['params.name']);
    expectProblem(await get(`/v1/datasets/${DATASET}/items?limit=0`), 'validation', ['query.limit']);
    expectProblem(await get(`/v1/datasets/${DATASET}/items?limit=51`), 'validation', ['query.limit']);
    expectProblem(await get(`/v1/datasets/${DATASET}/items?limit=ten`), 'validation', ['query.limit']);
    expectProblem(await get(`/v1/datasets/${DATASET}/items?q=${'a'.repeat(201)}`), 'validation', ['query.q']);
    expectProblem(await get(`/v1/datasets/${DATASET}/items?title=matrix`), 'validation', ['query.title']);
  });
});
