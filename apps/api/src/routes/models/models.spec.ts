import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeCursor, ModelListPage, ModelView } from '@alkdrec/contracts';
import { loadServableModel, PostgresArtifactStore } from '@alkdrec/db';
import { buildModelExport } from '@alkdrec/serving';
import { expectProblem } from '../../testing/expect-problem';
import { startTestApi, type TestApi } from '../../testing/test-api';
import { importFixtureDataset, storeModel, type FixtureDataset } from '../../testing/servable-models';

let api: TestApi;
let shop: FixtureDataset;
const T0 = Date.parse('2025-06-01T00:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000);

before(async () => {
  api = await startTestApi();
  const prisma = api.db.prisma;
  shop = await importFixtureDataset(prisma, 'shop');
  const other = await importFixtureDataset(prisma, 'other');
  await storeModel(prisma, { id: 'teacher', dataset: shop, backbone: 'stamp', role: 'teacher', createdAt: at(1) });
  await storeModel(prisma, { id: 'student', dataset: shop, backbone: 'stamp', role: 'student', createdAt: at(2) });
  await storeModel(prisma, { id: 'distilled', dataset: shop, backbone: 'stamp', role: 'distilled', createdAt: at(3), config: { studentModelId: 'student' } });
  await storeModel(prisma, { id: 'training', dataset: shop, backbone: 'fpmc', status: 'TRAINING', createdAt: at(4) });
  await storeModel(prisma, { id: 'lost', dataset: shop, backbone: 'fpmc', checkpoint: 'missing', createdAt: at(5) });
  await storeModel(prisma, { id: 'other-attmix', dataset: other, backbone: 'attmix', createdAt: at(6) });
  await prisma.run.create({
    data: {
      id: 'run-1', datasetId: shop.id, backbone: 'stamp', strategy: 'alkdrec', provider: 'replay', budget: 300, seed: 1, spec: {},
      teacherModelId: 'teacher', studentModelId: 'student', distilledModelId: 'distilled',
    },
  });
  await prisma.evaluation.create({ data: { modelId: 'distilled', split: 'TEST', sessionCount: 10, recall5: 0.3, ndcg5: 0.2, recall10: 0.5, ndcg10: 0.25, ranks: [], wallMs: 5 } });
  // The authors' rule beside ours (alkdrec evaluate --exclusion window): the view keeps showing ours, and says so.
  await prisma.evaluation.create({
    data: { modelId: 'distilled', split: 'TEST', exclusion: 'window', sessionCount: 10, recall5: 0.9, ndcg5: 0.9, recall10: 0.9, ndcg10: 0.9, ranks: [], wallMs: 5 },
  });
});
after(() => api.close());

async function get(url: string) {
  return api.fastify.inject({ method: 'GET', url });
}

describe('GET /v1/models', () => {
  it('lists models newest first with test metrics, lineage and the serving flag', async () => {
    const response = await get('/v1/models');
    assert.equal(response.statusCode, 200, response.body);
    const page = ModelListPage.parse(response.json());
    assert.deepEqual(page.models.map((m) => m.id), ['other-attmix', 'lost', 'training', 'distilled', 'student', 'teacher']);
    assert.deepEqual([page.total, page.next], [6, null]);
    const distilled = page.models.find((m) => m.id === 'distilled') as ModelView;
    assert.deepEqual(distilled.lineage, { dataset: 'shop', backbone: 'stamp', role: 'distilled', run: 'run-1', teacher: 'teacher', student: 'student', strategy: 'alkdrec', budget: 300, seed: 1 });
    assert.deepEqual(distilled.metrics, { split: 'test', exclusion: 'session', sessions: 10, recall5: 0.3, ndcg5: 0.2, recall10: 0.5, ndcg10: 0.25 });
    assert.deepEqual([distilled.status, distilled.dim, distilled.serving, distilled.createdAt], ['READY', 10, false, at(3).toISOString()]);
    assert.deepEqual(page.models.find((m) => m.id === 'teacher')?.lineage.run, 'run-1');
  });

  it('filters by dataset, backbone, role and status', async () => {
    const idsOf = async (query: string) => ModelListPage.parse((await get(`/v1/models?${query}`)).json()).models.map((m) => m.id);
    assert.deepEqual(await idsOf('dataset=other'), ['other-attmix']);
    assert.deepEqual(await idsOf('backbone=fpmc'), ['lost', 'training']);
    assert.deepEqual(await idsOf('role=teacher'), ['teacher']);
    assert.deepEqual(await idsOf('status=TRAINING'), ['training']);
    assert.deepEqual(await idsOf('dataset=shop&backbone=stamp&role=student&status=READY'), ['student']);
  });

  it('pages with cursor and with offset', async () => {
    const first = ModelListPage.parse((await get('/v1/models?limit=4')).json());
    assert.equal(first.models.length, 4);
    assert.ok(first.next !== null && decodeCursor(first.next, 2));
    const second = ModelListPage.parse((await get(`/v1/models?limit=4&cursor=${first.next}`)).json());
    assert.deepEqual(second.models.map((m) => m.id), ['student', 'teacher']);
    assert.equal(second.next, null);
    const offset = ModelListPage.parse((await get('/v1/models?limit=2&offset=4')).json());
    assert.deepEqual(offset.models.map((m) => m.id), ['student', 'teacher']);
  });

  it('answers 400 naming every bad query field', async () => {
    const response = await get('/v1/models?role=boss&status=ready&backbone=gru&limit=0&colour=red');
    assert.equal(response.statusCode, 400);
    expectProblem(response, 'validation', ['query.colour', 'query.limit', 'query.backbone', 'query.role', 'query.status']);
  });

  it('refuses a cursor it did not make, and a cursor with an offset', async () => {
    expectProblem(await get('/v1/models?cursor=bm9wZQ'), 'validation', ['query.cursor']);
    const cursor = ModelListPage.parse((await get('/v1/models?limit=1')).json()).next;
    expectProblem(await get(`/v1/models?cursor=${cursor}&offset=1`), 'validation', ['query.cursor']);
  });
});

describe('GET /v1/models/:id', () => {
  it('answers one model', async () => {
    const response = await get('/v1/models/student');
    assert.equal(response.statusCode, 200);
    const model = ModelView.parse(response.json());
    assert.deepEqual([model.id, model.role, model.lineage.run, model.metrics], ['student', 'student', 'run-1', null]);
  });

  it('answers 404 naming params.id for an unknown model', async () => {
    const response = await get('/v1/models/nope');
    assert.equal(response.statusCode, 404);
    assert.match(expectProblem(response, 'not-found', ['params.id']).detail, /model "nope" not found/);
  });
});

describe('GET /v1/models/:id/export', () => {
  it('downloads a tarball that unpacks to the files of buildModelExport, byte for byte', async () => {
    const response = await get('/v1/models/distilled/export');
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'application/gzip');
    assert.equal(response.headers['content-disposition'], 'attachment; filename="alkdrec-model-distilled.tar.gz"');
    const dir = await mkdtemp(join(tmpdir(), 'alkdrec-export-download-'));
    try {
      await writeFile(join(dir, 'export.tar.gz'), response.rawPayload);
      await promisify(execFile)('tar', ['-xzf', 'export.tar.gz'], { cwd: dir });
      const expected = buildModelExport(await loadServableModel(api.db.prisma, new PostgresArtifactStore(api.db.prisma), 'distilled'));
      assert.ok(expected.some((f) => f.path === 'encoder/model.json'));
      for (const file of expected) {
        const unpacked = await readFile(join(dir, 'alkdrec-model-distilled', file.path));
        assert.ok(unpacked.equals(Buffer.from(file.bytes)), file.path);
      }
      const { stdout } = await promisify(execFile)('tar', ['-tzf', 'export.tar.gz'], { cwd: dir });
      const listed = stdout.split('\n').filter((line) => line !== '' && !line.endsWith('/'));
      assert.deepEqual(listed.sort(), expected.map((f) => `alkdrec-model-distilled/${f.path}`).sort());
      const manifest = JSON.parse(await readFile(join(dir, 'alkdrec-model-distilled', 'manifest.json'), 'utf8'));
      assert.deepEqual([manifest.model.id, manifest.lineage.strategy, manifest.dataset.itemCount], ['distilled', 'alkdrec', shop.itemIds.length]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is deterministic: the same model downloads as the same bytes', async () => {
    const [a, b] = await Promise.all([get('/v1/models/student/export'), get('/v1/models/student/export')]);
    assert.ok(a.rawPayload.equals(b.rawPayload));
  });

  it('answers 404 for an unknown model, 409 for one not READY, 422 for a lost checkpoint', async () => {
    const unknown = await get('/v1/models/nope/export');
    assert.equal(unknown.statusCode, 404);
    expectProblem(unknown, 'not-found', ['params.id']);
    const training = await get('/v1/models/training/export');
    assert.equal(training.statusCode, 409);
    assert.match(expectProblem(training, 'conflict', ['params.id']).detail, /is TRAINING, not READY/);
    const lost = await get('/v1/models/lost/export');
    assert.equal(lost.statusCode, 422);
    assert.match(expectProblem(lost, 'unprocessable-content', ['params.id']).detail, /checkpoint of model "lost" is missing from the artifact store/);
  });
});
