import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryArtifactStore } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { Recommender } from '@alkdrec/serving';
import { syntheticCheckpoint } from '@alkdrec/serving/testing';
import { findRepoRoot } from '@alkdrec/service-kit';

const MAIN = join(__dirname, '..', 'main.js');
const SHAPE = { itemCount: 12, dim: 4, maxLength: 10 };

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `alkdrec export` as a user runs it: the built binary against a schema of its own. */
describe('alkdrec export', () => {
  let dir: string;
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const checkpoint = syntheticCheckpoint('stamp', SHAPE, 9);

  const cli = (...args: string[]): Promise<CliRun> =>
    new Promise((resolve) => {
      execFile(process.execPath, [MAIN, 'export', ...args], { env, cwd: dir }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  /** Nothing but `keep` in the exports folder: no half-written or temporary directory left behind. */
  const onlyEntries = (...keep: string[]) => assert.deepEqual(readdirSync(join(dir, 'exports')).sort(), keep.sort());

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alkdrec-cli-export-'));
    mkdirSync(join(dir, 'exports'));
    db = await createTestDatabase();
    const store = new DirectoryArtifactStore(join(dir, 'artifacts'));
    env = { ...process.env, DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: db.schema, ARTIFACT_STORE: join(dir, 'artifacts'), ALKDREC_DEBUG: '' };
    const dataset = await db.prisma.dataset.create({
      data: { name: 'tiny', itemCount: SHAPE.itemCount, rowCount: 0, droppedRows: 0, droppedItems: 0, trainCount: 0, validCount: 0, testCount: 0, source: {} },
    });
    await db.prisma.item.createMany({ data: Array.from({ length: SHAPE.itemCount }, (_, index) => ({ datasetId: dataset.id, index, externalId: `id${index}`, title: `Item ${index}` })) });
    const model = async (id: string, status: 'READY' | 'TRAINING', bytes: Uint8Array | null) => {
      const artifactUri = bytes ? await store.put(`models/${id}.ckpt`, bytes) : null;
      await db.prisma.model.create({ data: { id, datasetId: dataset.id, backbone: 'stamp', role: 'student', dim: SHAPE.dim, seed: 2, config: {}, status, artifactUri } });
    };
    await model('ready', 'READY', checkpoint);
    await model('training', 'TRAINING', null);
    await model('corrupt', 'READY', new TextEncoder().encode('not a checkpoint at all'));
    await model('vanished', 'READY', checkpoint);
    rmSync(join(dir, 'artifacts', 'models', 'vanished.ckpt'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  it('writes the export directory, which the standalone consumer loads and scores like the Recommender', async () => {
    const result = await cli('--model', 'ready', '--out', 'exports/ready');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /written\s+.*exports\/ready \(7 files/);
    const out = join(dir, 'exports', 'ready');
    assert.deepEqual(readdirSync(out).sort(), ['README.md', 'encoder', 'item_embeddings.f32', 'item_embeddings.npy', 'items.jsonl', 'manifest.json']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    assert.equal(manifest.model.id, 'ready');
    assert.deepEqual(manifest.lineage, { dataset: 'tiny', backbone: 'stamp', role: 'student', run: null, teacher: null, student: null, strategy: null, budget: null, seed: 2 });
    onlyEntries('ready');

    const session = ['id3', 'id7', 'unknown-id', 'id1'];
    writeFileSync(join(dir, 'sessions.json'), JSON.stringify([session]));
    const consumer = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [join(findRepoRoot(__dirname), 'docs', 'examples', 'load-export.mjs'), out, join(dir, 'sessions.json'), '--k', '5'], (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );
    const [answer] = JSON.parse(consumer) as { recommendations: { itemId: string }[]; unknown: string[] }[];
    assert.deepEqual(answer?.unknown, ['unknown-id']);
    const expected = Recommender.fromCheckpoint(checkpoint).recommend([3, 7, 1], 5, new Set([3, 7, 1]));
    assert.deepEqual(answer?.recommendations.map((r) => r.itemId), expected.map((r) => `id${r.index}`));
  });

  it('fills an existing empty directory and prints JSON with --json', async () => {
    mkdirSync(join(dir, 'exports', 'empty'));
    const result = await cli('--model', 'ready', '--out', join(dir, 'exports', 'empty'), '--json');
    assert.equal(result.code, 0, result.stderr);
    const document = JSON.parse(result.stdout);
    assert.equal(document.command, 'export');
    assert.equal(document.result.files.length, 7);
    assert.ok(existsSync(join(dir, 'exports', 'empty', 'encoder', 'model.json')));
  });

  it('refuses a non-empty --out and leaves it as it was (exit 2)', async () => {
    mkdirSync(join(dir, 'exports', 'full'));
    writeFileSync(join(dir, 'exports', 'full', 'keep.txt'), 'mine');
    const result = await cli('--model', 'ready', '--out', 'exports/full');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^alkdrec: --out .*exports\/full is not empty \(1 entries\)/);
    assert.deepEqual(readdirSync(join(dir, 'exports', 'full')), ['keep.txt']);
  });

  it('names an unknown model (exit 2) and a model that is not READY (exit 1), writing nothing', async () => {
    const unknown = await cli('--model', 'nope', '--out', 'exports/nope');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^alkdrec: model "nope" not found in postgresql:\/\/.* \(schema test_/);
    const training = await cli('--model', 'training', '--out', 'exports/training');
    assert.equal(training.code, 1);
    assert.match(training.stderr, /^alkdrec: model "training" is TRAINING, not READY/);
    assert.ok(!existsSync(join(dir, 'exports', 'nope')) && !existsSync(join(dir, 'exports', 'training')));
  });

  it('reports a corrupt or missing checkpoint in one line (exit 1), writing nothing', async () => {
    const corrupt = await cli('--model', 'corrupt', '--out', 'exports/corrupt');
    assert.equal(corrupt.code, 1);
    assert.match(corrupt.stderr, /^alkdrec: checkpoint of model corrupt: not a valid ALKDREC1 checkpoint: bad magic [^\n]*\n$/);
    const vanished = await cli('--model', 'vanished', '--out', 'exports/vanished');
    assert.equal(vanished.code, 1);
    assert.match(vanished.stderr, /^alkdrec: the checkpoint of model vanished is missing \(file:\/\/.*vanished\.ckpt\); is ARTIFACT_STORE/);
    assert.ok(!existsSync(join(dir, 'exports', 'corrupt')) && !existsSync(join(dir, 'exports', 'vanished')));
    onlyEntries('ready', 'empty', 'full');
  });
});
