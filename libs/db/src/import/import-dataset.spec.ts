import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { DatasetFormatError } from '@alkdrec/recsys';
import type { Prisma, PrismaClient } from '../prisma-client';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { NEUTRAL_DATASET_METADATA } from '@alkdrec/contracts';
import { datasetMetadataOf, DatasetRepository } from '../repositories/dataset.repository';
import { readDatasetMetadataFile } from './dataset-metadata-file';
import { importDataset } from './import-dataset';
import {
  DatasetFileNotFoundError, DatasetFileUnreadableError, DatasetMetadataError, DatasetNameTakenError, DatasetNotTrainableError, InvalidDatasetNameError,
  ReservedDatasetNameError,
} from './import-errors';

const ITEMS = 'itemID,title\n10,"Alpha, the first"\n20,"Beta ""2"""\n30,Gamma\n40,Delta\n';
// Row 2 has an unknown next (dropped); row 4 loses its unknown item "99"; row 6 becomes empty.
const SESSIONS = [
  '{"items": ["10"], "next": "20"}',
  '{"items": ["20", "30"], "next": "40"}',
  '{"items": ["10"], "next": "77"}',
  '{"items": ["40", "10", "20"], "next": "30"}',
  '{"items": ["99", "30"], "next": "10"}',
  '{"items": ["30"], "next": "20"}',
  '{"items": ["98"], "next": "20"}',
  '{"items": ["10", "20", "30", "40"], "next": "40"}',
  '',
].join('\n');
/**
 * These few rows are far below what training needs (recsys' MIN_DATASET_SIZE); the tests of the
 * import's mechanics lower the minimum so that every row stays readable. The minimum itself is
 * tested below with the default.
 */
const TINY = { minimumSize: { items: 1, train: 1, valid: 1, test: 1 } };

let db: TestDatabase;
let dir: string;

async function write(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

async function rowCounts(): Promise<[number, number, number]> {
  return Promise.all([db.prisma.dataset.count(), db.prisma.item.count(), db.prisma.session.count()]);
}

before(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'alkdrec-import-'));
});
after(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('importDataset', () => {
  beforeEach(async () => {
    await db.prisma.dataset.deleteMany();
  });

  it('imports items, filtered sessions and the split, with provenance', async () => {
    const itemsPath = await write('items.csv', ITEMS);
    const sessionsPath = await write('sessions.jsonl', SESSIONS);
    const summary = await importDataset(db.prisma, { name: 'tiny', itemsPath, sessionsPath, ...TINY });

    assert.deepEqual({ ...summary, ms: 0, datasetId: 0 }, {
      datasetId: 0,
      name: 'tiny',
      itemCount: 4,
      rowCount: 6,
      droppedRows: 2,
      droppedItems: 1,
      train: 3,
      valid: 1,
      test: 2,
      metadata: NEUTRAL_DATASET_METADATA,
      ms: 0,
    });
    assert.ok(summary.ms >= 0);

    const dataset = await db.prisma.dataset.findUniqueOrThrow({ where: { id: summary.datasetId } });
    assert.equal(dataset.name, 'tiny');
    assert.deepEqual(
      [dataset.itemCount, dataset.rowCount, dataset.droppedRows, dataset.droppedItems],
      [4, 6, 2, 1],
    );
    assert.deepEqual([dataset.trainCount, dataset.validCount, dataset.testCount], [3, 1, 2]);
    assert.deepEqual(dataset.source, {
      items: { path: itemsPath, sha256: sha256(ITEMS), contentSha256: sha256(ITEMS) },
      sessions: { path: sessionsPath, sha256: sha256(SESSIONS), contentSha256: sha256(SESSIONS) },
      droppedRowsBy: { unknownNext: 1, noKnownItems: 1 },
    });

    const items = await db.prisma.item.findMany({ where: { datasetId: summary.datasetId }, orderBy: { index: 'asc' } });
    assert.deepEqual(
      items.map((item) => [item.index, item.externalId, item.title]),
      [
        [0, '10', 'Alpha, the first'],
        [1, '20', 'Beta "2"'],
        [2, '30', 'Gamma'],
        [3, '40', 'Delta'],
      ],
    );
    const sessions = await db.prisma.session.findMany({ where: { datasetId: summary.datasetId }, orderBy: { ordinal: 'asc' } });
    assert.deepEqual(
      sessions.map((s) => [s.row, s.ordinal, s.split, s.items, s.next]),
      [
        [0, 0, 'TRAIN', [0], 1],
        [1, 1, 'TRAIN', [1, 2], 3],
        [3, 2, 'TRAIN', [3, 0, 1], 2],
        [4, 3, 'VALID', [2], 0],
        [5, 4, 'TEST', [2], 1],
        [7, 5, 'TEST', [0, 1, 2, 3], 3],
      ],
    );
  });

  it('reads gzipped files, recording both the file and the content checksum', async () => {
    const itemsPath = await write('items.csv.gz', gzipSync(ITEMS));
    const sessionsPath = await write('sessions.jsonl.gz', gzipSync(SESSIONS));
    const summary = await importDataset(db.prisma, { name: 'tiny.gz', itemsPath, sessionsPath, ...TINY });
    assert.equal(summary.rowCount, 6);
    const dataset = await db.prisma.dataset.findUniqueOrThrow({ where: { id: summary.datasetId } });
    const source = dataset.source as { items: { sha256: string; contentSha256: string } };
    assert.equal(source.items.contentSha256, sha256(ITEMS));
    assert.notEqual(source.items.sha256, sha256(ITEMS));
  });

  it('names the files as told (an upload) in errors and in the stored source, instead of their paths', async () => {
    const itemsPath = await write('items.csv', ITEMS);
    const sessionsPath = await write('sessions.jsonl', SESSIONS);
    const sourceNames = { items: 'items (upload "a.csv")', sessions: 'sessions (upload "b.jsonl")' };
    const summary = await importDataset(db.prisma, { name: 'named', itemsPath, sessionsPath, sourceNames, ...TINY });
    const dataset = await db.prisma.dataset.findUniqueOrThrow({ where: { id: summary.datasetId } });
    const source = dataset.source as { items: { path: string }; sessions: { path: string } };
    assert.deepEqual([source.items.path, source.sessions.path], [sourceNames.items, sourceNames.sessions]);

    const badSessions = await write('bad.jsonl', '{"items": ["10"]}\n');
    await assert.rejects(
      importDataset(db.prisma, { name: 'named-bad', itemsPath, sessionsPath: badSessions, sourceNames, ...TINY }),
      (error: unknown) => {
        assert.ok(error instanceof DatasetFormatError);
        assert.equal(error.file, sourceNames.sessions);
        assert.equal(error.message, 'sessions (upload "b.jsonl") line 1: missing field "next"');
        return true;
      },
    );
  });

  it('refuses a name that is already used and changes nothing', async () => {
    const itemsPath = await write('items.csv', ITEMS);
    const sessionsPath = await write('sessions.jsonl', SESSIONS);
    await importDataset(db.prisma, { name: 'taken', itemsPath, sessionsPath, ...TINY });
    const before = await rowCounts();
    await assert.rejects(importDataset(db.prisma, { name: 'taken', itemsPath, sessionsPath, ...TINY }), (error: unknown) => {
      assert.ok(error instanceof DatasetNameTakenError);
      assert.match(error.message, /a dataset named "taken" already exists/);
      return true;
    });
    assert.deepEqual(await rowCounts(), before);
  });

  it('lets exactly one of two simultaneous imports of a name win', async () => {
    const itemsPath = await write('items.csv', ITEMS);
    const sessionsPath = await write('sessions.jsonl', SESSIONS);
    const results = await Promise.allSettled([
      importDataset(db.prisma, { name: 'race', itemsPath, sessionsPath, ...TINY }),
      importDataset(db.prisma, { name: 'race', itemsPath, sessionsPath, ...TINY }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(rejected.reason instanceof DatasetNameTakenError, String(rejected.reason));
    assert.deepEqual(await rowCounts(), [1, 4, 6]);
  });
});

describe('importDataset refusals leave zero rows', () => {
  beforeEach(async () => {
    await db.prisma.dataset.deleteMany();
  });

  async function refused(
    options: { name?: string; items?: string | Buffer; sessions?: string | Buffer; itemsName?: string; sessionsName?: string },
    check: (error: unknown) => void,
  ): Promise<void> {
    const itemsPath = path.join(dir, options.itemsName ?? 'items.csv');
    const sessionsPath = path.join(dir, options.sessionsName ?? 'sessions.jsonl');
    await rm(itemsPath, { force: true });
    await rm(sessionsPath, { force: true });
    if (options.items !== undefined) await writeFile(itemsPath, options.items);
    if (options.sessions !== undefined) await writeFile(sessionsPath, options.sessions);
    await assert.rejects(importDataset(db.prisma, { name: options.name ?? 'bad', itemsPath, sessionsPath }), (error) => {
      check(error);
      return true;
    });
    assert.deepEqual(await rowCounts(), [0, 0, 0]);
  }

  it('a missing items file, naming its path', async () => {
    await refused({ sessions: SESSIONS }, (error) => {
      assert.ok(error instanceof DatasetFileNotFoundError);
      assert.equal(error.message, `dataset file not found: ${path.join(dir, 'items.csv')}`);
    });
  });

  it('a directory given as a file, saying so', async () => {
    const itemsDir = path.join(dir, 'items-dir');
    await mkdir(itemsDir, { recursive: true });
    const sessionsPath = await write('sessions.jsonl', SESSIONS);
    await assert.rejects(importDataset(db.prisma, { name: 'dir', itemsPath: itemsDir, sessionsPath }), (error: unknown) => {
      assert.ok(error instanceof DatasetFileUnreadableError, String(error));
      assert.equal(error.message, `cannot read dataset file ${itemsDir}: it is a directory, not a file`);
      return true;
    });
    assert.deepEqual(await rowCounts(), [0, 0, 0]);
  });

  it('a missing sessions file', async () => {
    await refused({ items: ITEMS }, (error) => {
      assert.ok(error instanceof DatasetFileNotFoundError);
      assert.equal(error.path, path.join(dir, 'sessions.jsonl'));
    });
  });

  it('a duplicate item id, with file and line', async () => {
    await refused({ items: `${ITEMS}20,Again\n`, sessions: SESSIONS }, (error) => {
      assert.ok(error instanceof DatasetFormatError);
      assert.equal(error.file, path.join(dir, 'items.csv'));
      assert.equal(error.line, 6);
      assert.match(error.message, /items\.csv line 6: duplicate item id "20" \(first seen on line 3\)/);
    });
  });

  it('an unterminated quote in a gzipped items file', async () => {
    await refused(
      { items: gzipSync('itemID,title\n1,"open\n'), itemsName: 'items.csv.gz', sessions: SESSIONS },
      (error) => {
        assert.ok(error instanceof DatasetFormatError);
        assert.match(error.message, /items\.csv\.gz line 2: unterminated quoted field/);
      },
    );
  });

  it('a file named .gz that is not gzip', async () => {
    await refused({ items: ITEMS, sessions: SESSIONS, sessionsName: 'sessions.jsonl.gz' }, (error) => {
      assert.ok(error instanceof DatasetFormatError);
      assert.match(error.message, /sessions\.jsonl\.gz line 1: not a valid gzip file/);
    });
  });

  it('malformed JSON in sessions, with file and line', async () => {
    await refused({ items: ITEMS, sessions: `${SESSIONS.trimEnd()}\n{"items": ["10"], "next": 20}\n` }, (error) => {
      assert.ok(error instanceof DatasetFormatError);
      assert.equal(error.line, 9);
      assert.match(error.message, /sessions\.jsonl line 9: "next" must be an item id string, found the number 20/);
    });
  });

  it('an invalid dataset name, before reading any file', async () => {
    await refused({ name: 'Bad Name!' }, (error) => {
      assert.ok(error instanceof InvalidDatasetNameError);
      assert.match(error.message, /invalid dataset name "Bad Name!": dataset names are lower-case letters/);
    });
  });

  it('a NUL character in a title (Postgres text cannot store it)', async () => {
    await refused({ items: `${ITEMS}50,"nul\u0000byte"\n`, sessions: SESSIONS }, (error) => {
      assert.ok(error instanceof DatasetFormatError);
      assert.equal(error.line, 6);
    });
  });

  it('a database failure after Dataset and Items were written', async () => {
    const itemsPath = await write('items.csv', ITEMS);
    const sessionsPath = await write('sessions.jsonl', SESSIONS);
    await assert.rejects(
      importDataset(failingOnSecondBulkInsert(db.prisma), { name: 'halfway', itemsPath, sessionsPath, ...TINY }),
      /injected failure while writing sessions/,
    );
    assert.deepEqual(await rowCounts(), [0, 0, 0]);
  });
});

describe('importDataset refuses data that cannot train, naming the files and the counts', () => {
  beforeEach(async () => {
    await db.prisma.dataset.deleteMany();
  });

  /** Imports with the real minimum (MIN_DATASET_SIZE) and returns the refusal's message. */
  async function notTrainable(items: string, sessions: string): Promise<string> {
    const itemsPath = await write('items.csv', items);
    const sessionsPath = await write('sessions.jsonl', sessions);
    let message = '';
    await assert.rejects(importDataset(db.prisma, { name: 'small', itemsPath, sessionsPath }), (error: unknown) => {
      assert.ok(error instanceof DatasetNotTrainableError, String(error));
      message = error.message;
      return true;
    });
    assert.deepEqual(await rowCounts(), [0, 0, 0]);
    assert.ok(message.startsWith(`cannot train on ${itemsPath} and ${sessionsPath} (nothing was imported): `), message);
    return message;
  }

  /** `count` sessions over the ITEMS catalogue: enough rows, if their ids are known. */
  const sessionsOf = (count: number, items = ['10', '30'], next = '20') =>
    Array.from({ length: count }, () => JSON.stringify({ items, next })).join('\n');

  it('a header-only items.csv', async () => {
    assert.match(await notTrainable('itemID,title\n', sessionsOf(50)), /: the catalogue has 0 items; at least 2 are needed; 50 of 50 rows were dropped/);
  });

  it('sessions that name no item of items.csv', async () => {
    const message = await notTrainable(ITEMS, sessionsOf(50, ['98'], '99'));
    assert.match(
      message,
      /: 0 sessions kept after filtering \(0 train \/ 0 valid \/ 0 test\); training needs at least 20 train, 1 valid and 1 test sessions, i\.e\. at least 34 kept sessions with the 60\/20\/20 split; 50 of 50 rows were dropped \(50 whose next item is not in items\.csv, 0 with no item in items\.csv\)/,
    );
  });

  it('an empty sessions.jsonl', async () => {
    assert.match(await notTrainable(ITEMS, ''), /: 0 sessions kept after filtering \(0 train \/ 0 valid \/ 0 test\); training needs/);
  });

  it('too few sessions for the training split, and accepts the smallest dataset that has enough', async () => {
    assert.match(await notTrainable(ITEMS, sessionsOf(33)), /: 33 sessions kept after filtering \(19 train \/ 7 valid \/ 7 test\)/);
    const summary = await importDataset(db.prisma, {
      name: 'just-enough', itemsPath: await write('items.csv', ITEMS), sessionsPath: await write('sessions.jsonl', sessionsOf(34)),
    });
    assert.deepEqual([summary.train, summary.valid, summary.test], [20, 7, 7]);
  });
});

describe("importDataset keeps a bundled dataset's name for its content", () => {
  beforeEach(async () => {
    await db.prisma.dataset.deleteMany();
  });

  it("refuses other files under a bundled name, naming both hashes and the way to the bundled copy", async () => {
    const itemsPath = await write('items.csv', ITEMS);
    const sessionsPath = await write('sessions.jsonl', SESSIONS);
    await assert.rejects(importDataset(db.prisma, { name: 'movielens-hetrec2011', itemsPath, sessionsPath, ...TINY }), (error: unknown) => {
      assert.ok(error instanceof ReservedDatasetNameError, String(error));
      assert.deepEqual(error.mismatches.map((m) => [m.file, m.given]), [['items', sha256(ITEMS)], ['sessions', sha256(SESSIONS)]]);
      assert.equal(
        error.message,
        `"movielens-hetrec2011" is the name of a bundled dataset and these files are not its content ` +
          `(items sha256 ${sha256(ITEMS).slice(0, 12)}…, bundled fc79ceff08f5…; sessions sha256 ${sha256(SESSIONS).slice(0, 12)}…, bundled 1689e067e2ab…); ` +
          'import the bundled copy with: alkdrec import --dataset movielens-hetrec2011, or choose another name (nothing was imported)',
      );
      return true;
    });
    assert.deepEqual(await rowCounts(), [0, 0, 0]);
  });

  it('accepts the bundled content under its name, gunzipped or not, and names only the file that differs', async () => {
    const datasetsDir = path.join(dir, 'datasets');
    await mkdir(path.join(datasetsDir, 'tinyset'), { recursive: true });
    await writeFile(path.join(datasetsDir, 'tinyset', 'items.csv.gz'), gzipSync(ITEMS));
    await writeFile(path.join(datasetsDir, 'tinyset', 'sessions.jsonl.gz'), gzipSync(SESSIONS));
    const itemsPath = await write('items.csv', ITEMS);
    const summary = await importDataset(db.prisma, {
      name: 'tinyset', itemsPath, sessionsPath: await write('sessions.jsonl', SESSIONS), datasetsDir, ...TINY,
    });
    assert.equal(summary.rowCount, 6);

    await db.prisma.dataset.deleteMany();
    const edited = `${SESSIONS}{"items": ["10"], "next": "30"}\n`;
    await assert.rejects(
      importDataset(db.prisma, { name: 'tinyset', itemsPath, sessionsPath: await write('sessions.jsonl', edited), datasetsDir, ...TINY }),
      (error: unknown) => error instanceof ReservedDatasetNameError && error.mismatches.map((m) => m.file).join() === 'sessions',
    );
    assert.deepEqual(await rowCounts(), [0, 0, 0]);
  });
});

/**
 * The same client, except that inside an interactive transaction the second raw statement (the
 * Session insert, after Dataset and Item rows exist) fails, as a lost connection or full disk would.
 */
function failingOnSecondBulkInsert(prisma: PrismaClient): PrismaClient {
  let rawCalls = 0;
  const failingTx = (tx: Prisma.TransactionClient) =>
    new Proxy(tx, {
      get(target, property) {
        if (property !== '$executeRawUnsafe') return Reflect.get(target, property);
        return (sql: string, ...values: unknown[]) =>
          ++rawCalls === 2
            ? Promise.reject(new Error('injected failure while writing sessions'))
            : target.$executeRawUnsafe(sql, ...values);
      },
    });
  return new Proxy(prisma, {
    get(target, property) {
      if (property !== '$transaction') return Reflect.get(target, property);
      return (callback: (tx: Prisma.TransactionClient) => Promise<unknown>, options?: object) =>
        target.$transaction((tx) => callback(failingTx(tx)), options);
    },
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('dataset metadata at import', () => {
  beforeEach(async () => {
    await db.prisma.dataset.deleteMany();
  });

  it("stores the caller's metadata, whatever the name says, and neutral metadata when there is none", async () => {
    const itemsPath = await write('items.csv', ITEMS);
    const sessionsPath = await write('sessions.jsonl', SESSIONS);
    const books = { domain: { item: 'book', items: 'books', verb: 'read', verbPresent: 'read' }, negatives: { attmix: 'uniform-bce' as const } };
    const own = await importDataset(db.prisma, { name: 'games-of-books', itemsPath, sessionsPath, metadata: books, ...TINY });
    const plain = await importDataset(db.prisma, { name: 'movielens-lookalike', itemsPath, sessionsPath, ...TINY });
    const rows = await db.prisma.dataset.findMany({ orderBy: { id: 'asc' } });
    assert.deepEqual(rows.map((row) => [row.name, datasetMetadataOf(row)]), [
      ['games-of-books', books],
      ['movielens-lookalike', NEUTRAL_DATASET_METADATA],
    ]);
    assert.deepEqual([own.metadata, plain.metadata], [books, NEUTRAL_DATASET_METADATA]);
  });

  it('updates the metadata of an imported dataset only', async () => {
    const itemsPath = await write('items.csv', ITEMS);
    const sessionsPath = await write('sessions.jsonl', SESSIONS);
    await importDataset(db.prisma, { name: 'later', itemsPath, sessionsPath, ...TINY });
    const games = { domain: { item: 'game', items: 'games', verb: 'bought', verbPresent: 'buy' }, negatives: {} };
    const row = await new DatasetRepository(db.prisma).updateMetadata('later', games);
    assert.deepEqual(datasetMetadataOf(row), games);
    assert.equal(row.rowCount, 6);
    await assert.rejects(new DatasetRepository(db.prisma).updateMetadata('absent', games), /dataset "absent" not found/);
  });

  it('reads a metadata file, filling what it leaves out, and names the file and every bad field', async () => {
    const partial = await write('partial.json', '{ "negatives": { "attmix": "uniform-bce" } }');
    assert.deepEqual(await readDatasetMetadataFile(partial), { domain: NEUTRAL_DATASET_METADATA.domain, negatives: { attmix: 'uniform-bce' } });

    const bad = await write('bad.json', JSON.stringify({ domain: { item: 'book', items: 'books', verb: '' }, negatives: { gru: 'in-batch', attmix: 'sampled' } }));
    await assert.rejects(readDatasetMetadataFile(bad), (error: unknown) => {
      assert.ok(error instanceof DatasetMetadataError);
      assert.equal(error.source, bad);
      const fields = error.problems.map((p) => p.field);
      for (const field of ['domain.verb', 'domain.verbPresent', 'negatives.attmix']) assert.ok(fields.includes(field), `${field} in ${fields.join(', ')}`);
      assert.ok(error.problems.some((p) => /gru/.test(`${p.field} ${p.message}`)), 'the unknown backbone is named');
      assert.match(error.message, new RegExp(`invalid dataset metadata in ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      return true;
    });
    const typo = await write('typo.json', '{ "negative": {} }');
    await assert.rejects(readDatasetMetadataFile(typo), /typo\.json: .*negative/);
    const notJson = await write('not.json', '{ domain: ');
    await assert.rejects(readDatasetMetadataFile(notJson), /not\.json: \(document\): not JSON/);
    await assert.rejects(readDatasetMetadataFile(path.join(dir, 'missing.json')), DatasetFileNotFoundError);
  });
});
