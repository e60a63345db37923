import 'reflect-metadata';
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { NEUTRAL_DATASET_METADATA, Problem, problemTypeOf } from '@alkdrec/contracts';
import { AUTH, startTestApi, TEST_TOKEN, type TestApi } from '../../testing/test-api';
import { FIXTURE_ITEMS, FIXTURE_SESSIONS, FIXTURE_STATS } from '../../testing/dataset-fixture';
import { datasetUpload, multipartBody } from '../../testing/multipart-body';

const UPLOAD_LIMIT = 64 * 1024;
let api: TestApi;
let uploadDir: string;

before(async () => {
  uploadDir = await mkdtemp(join(tmpdir(), 'alkdrec-api-spec-'));
  api = await startTestApi({ env: { API_UPLOAD_DIR: uploadDir, API_UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT) } });
});
after(async () => {
  await api.close();
  await rm(uploadDir, { recursive: true, force: true });
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function upload(name: string, headers: Record<string, string> = AUTH, items: string | Buffer = FIXTURE_ITEMS, sessions: string | Buffer = FIXTURE_SESSIONS, filenames?: { items: string; sessions: string }) {
  const body = datasetUpload(name, items, sessions, filenames);
  return api.fastify.inject({ method: 'POST', url: '/v1/datasets', payload: body.payload, headers: { ...body.headers, ...headers } });
}

/** What is left in API_UPLOAD_DIR: nothing, once a request is answered. */
function leftovers(): Promise<string[]> {
  return readdir(uploadDir);
}

describe('POST /v1/datasets', () => {
  beforeEach(async () => {
    await api.db.prisma.dataset.deleteMany();
  });

  it('imports an upload: 201, its statistics, Location, and the rows in PostgreSQL; the temporary files are gone', async () => {
    const response = await upload('uploaded');
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.headers['location'], '/v1/datasets/uploaded');
    const { dataset, ms } = response.json();
    assert.ok(ms >= 0);
    assert.deepEqual({ ...dataset, createdAt: 'x' }, {
      name: 'uploaded',
      items: FIXTURE_STATS.items,
      sessions: { train: FIXTURE_STATS.train, valid: FIXTURE_STATS.valid, test: FIXTURE_STATS.test, total: FIXTURE_STATS.kept },
      dropped: { rows: FIXTURE_STATS.droppedRows, rowsByReason: { unknownNext: 1, noKnownItems: 1 }, items: FIXTURE_STATS.droppedItems },
      content: { itemsSha256: sha256(FIXTURE_ITEMS), sessionsSha256: sha256(FIXTURE_SESSIONS) },
      metadata: NEUTRAL_DATASET_METADATA,
      createdAt: 'x',
    });
    const row = await api.db.prisma.dataset.findUniqueOrThrow({ where: { name: 'uploaded' } });
    assert.equal(await api.db.prisma.item.count({ where: { datasetId: row.id } }), FIXTURE_STATS.items);
    assert.equal(await api.db.prisma.session.count({ where: { datasetId: row.id } }), FIXTURE_STATS.kept);
    assert.deepEqual((row.source as { items: { path: string } }).items.path, 'items (upload "items.csv")');
    assert.deepEqual(await leftovers(), []);
  });

  it("stores the metadata field's wording and negatives, and refuses bad metadata with 422 naming the field", async () => {
    const metadata = { domain: { item: 'book', items: 'books', verb: 'read', verbPresent: 'read' }, negatives: { attmix: 'uniform-bce' } };
    const withMetadata = (name: string, text: string) => {
      const body = multipartBody([
        { name: 'name', value: name },
        { name: 'metadata', value: text },
        { name: 'items', value: FIXTURE_ITEMS, filename: 'items.csv' },
        { name: 'sessions', value: FIXTURE_SESSIONS, filename: 'sessions.jsonl' },
      ]);
      return api.fastify.inject({ method: 'POST', url: '/v1/datasets', payload: body.payload, headers: { ...body.headers, ...AUTH } });
    };
    const response = await withMetadata('books', JSON.stringify(metadata));
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(response.json().dataset.metadata, metadata);
    const refused = await withMetadata('bad-books', JSON.stringify({ ...metadata, negatives: { attmix: 'sampled' } }));
    assert.equal(refused.statusCode, 422, refused.body);
    assert.deepEqual(refused.json().errors.map((e: { field: string }) => e.field), ['body.metadata.negatives.attmix']);
    assert.equal(await api.db.prisma.dataset.count({ where: { name: 'bad-books' } }), 0);
    assert.deepEqual(await leftovers(), []);
  });

  it('gunzips files whose names end in .gz, like the CLI', async () => {
    const response = await upload('zipped', AUTH, gzipSync(FIXTURE_ITEMS), gzipSync(FIXTURE_SESSIONS), { items: 'items.csv.gz', sessions: 'sessions.jsonl.gz' });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().dataset.content.itemsSha256, sha256(FIXTURE_ITEMS));
  });

  it('refuses a name already taken: 409 on body.name, the first dataset untouched', async () => {
    assert.equal((await upload('twice')).statusCode, 201);
    const response = await upload('twice');
    assert.equal(response.statusCode, 409);
    const problem = Problem.parse(response.json());
    assert.equal(problem.type, problemTypeOf('conflict'));
    assert.deepEqual(problem.errors?.map((e) => e.field), ['body.name']);
    assert.match(problem.detail, /a dataset named "twice" already exists/);
    assert.equal(await api.db.prisma.dataset.count(), 1);
  });

  it("refuses a bundled dataset's name with other content: 409 naming the hashes", async () => {
    const response = await upload('movielens-hetrec2011');
    assert.equal(response.statusCode, 409, response.body);
    assert.match(response.json().detail, /is the name of a bundled dataset and these files are not its content \(items sha256 [0-9a-f]{12}…/);
    assert.equal(await api.db.prisma.dataset.count(), 0);
  });

  for (const [what, headers, challenge] of [
    ['no token', {}, /^Bearer realm="alkdrec"$/],
    ['a wrong token', { authorization: 'Bearer not-the-token-at-all-000' }, /error="invalid_token"/],
    ['another scheme', { authorization: `Basic ${TEST_TOKEN}` }, /error="invalid_request"/],
  ] as const) {
    it(`answers 401 with WWW-Authenticate: Bearer to ${what}, before reading the upload`, async () => {
      // Over the upload limit: read, it would be a 413.
      const response = await upload('no-auth', headers, FIXTURE_ITEMS, 'x'.repeat(UPLOAD_LIMIT + 1));
      assert.equal(response.statusCode, 401);
      assert.match(String(response.headers['www-authenticate']), challenge);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(Problem.parse(response.json()).type, problemTypeOf('unauthorized'));
      assert.equal(await api.db.prisma.dataset.count(), 0);
    });
  }

  it('answers 413 naming the file over API_UPLOAD_LIMIT_BYTES, and keeps none of it', async () => {
    const response = await upload('too-big', AUTH, FIXTURE_ITEMS, `${FIXTURE_SESSIONS}${' '.repeat(UPLOAD_LIMIT)}`);
    assert.equal(response.statusCode, 413, response.body);
    const problem = Problem.parse(response.json());
    assert.equal(problem.type, problemTypeOf('payload-too-large'));
    assert.deepEqual(problem.errors?.map((e) => e.field), ['body.sessions']);
    assert.match(problem.detail, /over the upload limit of 65536 bytes/);
    assert.equal(await api.db.prisma.dataset.count(), 0);
    assert.deepEqual(await leftovers(), []);
  });

  it('never logs the token', async () => {
    await upload('logged', { authorization: `Bearer ${TEST_TOKEN}x` });
    await upload('logged');
    assert.ok(api.logs.length > 0);
    assert.doesNotMatch(JSON.stringify(api.logs), new RegExp(TEST_TOKEN));
  });

  it('leaves no Dataset, Item or Session row when the database fails halfway through the import (500)', async () => {
    // A trigger of this test's schema fails the Session insert, after Dataset and Items were written.
    await api.db.prisma.$executeRawUnsafe(`CREATE FUNCTION "fail_sessions"() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated failure writing sessions'; END $$ LANGUAGE plpgsql`);
    await api.db.prisma.$executeRawUnsafe(`CREATE TRIGGER "fail_sessions" BEFORE INSERT ON "Session" FOR EACH STATEMENT EXECUTE FUNCTION "fail_sessions"()`);
    try {
      const response = await upload('halfway');
      assert.equal(response.statusCode, 500, response.body);
      assert.equal(Problem.parse(response.json()).type, problemTypeOf('internal'));
      const counts = await Promise.all([api.db.prisma.dataset.count(), api.db.prisma.item.count(), api.db.prisma.session.count()]);
      assert.deepEqual(counts, [0, 0, 0]);
    } finally {
      await api.db.prisma.$executeRawUnsafe(`DROP TRIGGER "fail_sessions" ON "Session"`);
      await api.db.prisma.$executeRawUnsafe(`DROP FUNCTION "fail_sessions"()`);
    }
  });
});

describe('GET /v1/datasets and /v1/datasets/:name', () => {
  before(async () => {
    await api.db.prisma.dataset.deleteMany();
    for (const name of ['c-data', 'a-data', 'b-data']) assert.equal((await upload(name)).statusCode, 201);
  });

  it('lists datasets in name order with their statistics', async () => {
    const response = await api.fastify.inject({ method: 'GET', url: '/v1/datasets' });
    assert.equal(response.statusCode, 200);
    const page = response.json();
    assert.deepEqual(page.datasets.map((d: { name: string }) => d.name), ['a-data', 'b-data', 'c-data']);
    assert.equal(page.total, 3);
    assert.equal(page.next, null);
    assert.equal(page.datasets[0].sessions.total, FIXTURE_STATS.kept);
  });

  it('pages with limit and cursor, and with offset', async () => {
    const first = (await api.fastify.inject({ method: 'GET', url: '/v1/datasets?limit=2' })).json();
    assert.deepEqual(first.datasets.map((d: { name: string }) => d.name), ['a-data', 'b-data']);
    assert.equal(first.total, 3);
    const second = (await api.fastify.inject({ method: 'GET', url: `/v1/datasets?limit=2&cursor=${first.next}` })).json();
    assert.deepEqual(second.datasets.map((d: { name: string }) => d.name), ['c-data']);
    assert.equal(second.next, null);
    const offset = (await api.fastify.inject({ method: 'GET', url: '/v1/datasets?offset=1&limit=1' })).json();
    assert.deepEqual(offset.datasets.map((d: { name: string }) => d.name), ['b-data']);
  });

  it('gets one dataset by name', async () => {
    const response = await api.fastify.inject({ method: 'GET', url: '/v1/datasets/b-data' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().name, 'b-data');
  });

  it('answers 404 as problem+json for a dataset that does not exist', async () => {
    const response = await api.fastify.inject({ method: 'GET', url: '/v1/datasets/absent' });
    assert.equal(response.statusCode, 404);
    assert.equal(Problem.parse(response.json()).detail, 'no dataset named "absent"');
  });

  for (const [url, fields] of [
    ['/v1/datasets?limit=0', ['query.limit']],
    ['/v1/datasets?limit=abc&offset=-1', ['query.limit', 'query.offset']],
    ['/v1/datasets?cursor=bm90LW91cnM', ['query.cursor']],
    ['/v1/datasets?offset=1&cursor=WyJhIl0', ['query.cursor']],
    ['/v1/datasets?colour=red', ['query.colour']],
    ['/v1/datasets/Not%20A%20Name', ['params.name']],
  ] as const) {
    it(`answers 400 naming ${fields.join(', ')} for ${url}`, async () => {
      const response = await api.fastify.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 400, response.body);
      const problem = Problem.parse(response.json());
      assert.equal(problem.type, problemTypeOf('validation'));
      assert.deepEqual(problem.errors?.map((e) => e.field), fields);
    });
  }

  it('answers 404 as problem+json for a path no route serves', async () => {
    const response = await api.fastify.inject({ method: 'GET', url: '/v1/nothing-here' });
    assert.equal(response.statusCode, 404);
    assert.equal(Problem.parse(response.json()).detail, 'no route GET /v1/nothing-here');
  });
});
