import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueName } from '@alkdrec/contracts';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { deleteKeysByPrefix } from '@alkdrec/service-kit/testing';

const MAIN = join(__dirname, 'main.js');

/**
 * Stands in for the trainer service (no TensorFlow): a BullMQ worker on the trainer queue that
 * answers evaluate jobs by model id, and drains on SIGTERM like the real one.
 */
const FAKE_TRAINER = `
const { Worker, UnrecoverableError } = require(${JSON.stringify(require.resolve('bullmq'))});
const worker = new Worker(${JSON.stringify(QueueName.Trainer)}, async (job) => {
  const { modelId, split, exclusion } = job.data;
  if (modelId === 'broken') throw new UnrecoverableError('model broken does not exist');
  if (modelId === 'slow') await new Promise((r) => setTimeout(r, 60000));
  await job.updateProgress({ phase: 'evaluating', done: 1, total: 2 });
  await job.updateProgress({ phase: 'done', done: 1, total: 1 });
  return { modelId, split, exclusion, sessionCount: 2465, wallMs: 12, metrics: { recall5: 0.01, ndcg5: 0.005, recall10: 0.02, ndcg10: 0.008 } };
}, { connection: { url: process.env.REDIS_URL, maxRetriesPerRequest: null }, prefix: process.env.BULLMQ_PREFIX });
process.on('SIGTERM', async () => { await worker.close(true); console.log('fake trainer stopped'); process.exit(0); });
`;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built `alkdrec` binary as a user runs it, against Redis with a prefix of its own. */
describe('alkdrec (the binary)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let db: TestDatabase;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alkdrec-cli-'));
    writeFileSync(join(dir, 'fake-trainer.js'), FAKE_TRAINER);
    db = await createTestDatabase();
    env = {
      ...process.env,
      BULLMQ_PREFIX: `test-cli-main-${process.pid}-${Date.now().toString(36)}`,
      ALKDREC_TRAINER_ENTRY: join(dir, 'fake-trainer.js'),
      DATABASE_URL: db.databaseUrl,
      DATABASE_SCHEMA: db.schema,
      ALKDREC_DEBUG: '',
    };
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
    await deleteKeysByPrefix(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', String(env['BULLMQ_PREFIX']));
  });

  function run(args: string[], options: { interruptAfter?: RegExp; extraEnv?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [MAIN, ...args], { env: { ...env, ...options.extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let interrupted = false;
      child.stdout.on('data', (chunk) => (stdout += String(chunk)));
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
        if (options.interruptAfter && !interrupted && options.interruptAfter.test(stderr)) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  function trainerLogs(): string {
    const logs = join(__dirname, '..', '..', '..', '.alkdrec', 'logs');
    return readdirSync(logs)
      .map((name) => join(logs, name))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
  }

  it('starts a trainer when none is connected, prints the JSON result, stops the trainer, exit 0', async () => {
    const { code, stdout, stderr } = await run(['evaluate', '--model', 'good', '--split', 'valid', '--json']);
    assert.equal(code, 0, stderr);
    const document = JSON.parse(stdout) as { command: string; result: { modelId: string; split: string } };
    assert.equal(document.command, 'evaluate');
    assert.deepEqual([document.result.modelId, document.result.split], ['good', 'valid']);
    assert.match(stderr, /no trainer connected; started one/);
    assert.match(stderr, /\[evaluate\] evaluating 1\/2 sessions/);
    const pid = /started one \(pid (\d+)/.exec(stderr)?.[1];
    assert.ok(pid, 'no trainer pid');
    assert.throws(() => process.kill(Number(pid), 0), 'the trainer outlived the command');
  });

  it('runs the job again on a second run (the database, not the queue, decides reuse) and prints a table', async () => {
    const { code, stdout, stderr } = await run(['evaluate', '--model', 'good', '--split', 'valid']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /submitted job/);
    assert.match(stdout, /^valid  0\.01000  0\.00500  0\.02000  0\.00800$/m);
  });

  it('exits 1 with the job reason when the job fails', async () => {
    const { code, stdout, stderr } = await run(['evaluate', '--model', 'broken']);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /alkdrec: job evaluate \(evaluate-broken-test-session-[0-9a-f]+\) failed after 1 attempt: model broken does not exist/);
  });

  it('exits 2 with the valid choices for a bad flag, touching nothing', async () => {
    const { code, stderr } = await run(['evaluate', '--model', 'good', '--split', 'dev']);
    assert.equal(code, 2);
    assert.match(stderr, /Allowed choices are valid, test/);
  });

  it('exits 4 naming Redis when it is unreachable', async () => {
    const { code, stderr } = await run(['evaluate', '--model', 'good', '--no-spawn'], { extraEnv: { REDIS_URL: 'redis://127.0.0.1:1' } });
    assert.equal(code, 4);
    assert.match(stderr, /cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  it('exits 4 naming PostgreSQL when it is unreachable', async () => {
    const { code, stderr } = await run(['import', '--dataset', 'movielens-hetrec2011'], { extraEnv: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/test' } });
    assert.equal(code, 4, stderr);
    assert.match(stderr, /^alkdrec: cannot migrate PostgreSQL at postgresql:\/\/postgres@127\.0\.0\.1:1\/test: .*is it running\?/m);
  });

  describe('bad input data: one line naming the file, exit 3, nothing imported', () => {
    const ok = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    /** `count` sessions over ITEMS' ids i0…i4 (or ids the catalogue does not have, with another prefix). */
    const sessionsFor = (count: number, prefix = 'i') =>
      Array.from({ length: count }, (_, i) => JSON.stringify({ items: [`${prefix}${i % 5}`], next: `${prefix}${(i + 1) % 5}` })).join('\n');
    const ITEMS = 'itemID,title\ni0,a\ni1,b\ni2,c\ni3,d\ni4,e\n';

    /** Runs `alkdrec import --name <name> …` and checks what every refusal shares. */
    async function refusedImport(name: string, itemsPath: string, sessionsPath: string): Promise<string> {
      const { code, stdout, stderr } = await run(['import', '--name', name, '--items', itemsPath, '--sessions', sessionsPath]);
      assert.equal(code, 3, stderr);
      assert.equal(stdout, '');
      const lines = stderr.split('\n').filter((line) => line.startsWith('alkdrec: '));
      assert.equal(lines.length, 1, stderr);
      assert.doesNotMatch(stderr, /unexpected error|\n\s+at /, 'no stack trace');
      assert.equal(await db.prisma.dataset.count({ where: { name } }), 0);
      return lines[0] as string;
    }

    it('a DatasetFormatError', async () => {
      const line = await refusedImport('bad-csv', ok('bad.csv', 'itemID,title\ni0,"open\n'), ok('s.jsonl', sessionsFor(40)));
      assert.equal(line, `alkdrec: ${join(dir, 'bad.csv')} line 2: unterminated quoted field`);
    });

    it('a directory passed as --items', async () => {
      const folder = join(dir, 'a-folder');
      mkdirSync(folder, { recursive: true });
      const line = await refusedImport('dir-items', folder, ok('s.jsonl', sessionsFor(40)));
      assert.equal(line, `alkdrec: cannot read dataset file ${folder}: it is a directory, not a file`);
    });

    it('a 2 kB line of binary garbage: at most 200 characters of it, escaped', async () => {
      const garbage = Buffer.from(Array.from({ length: 2_168 }, (_, i) => [0x1b, 0x07, 0x41 + (i % 26), 0x7f][i % 4] as number));
      writeFileSync(join(dir, 'garbage.csv'), garbage);
      const line = await refusedImport('garbage', join(dir, 'garbage.csv'), ok('s.jsonl', sessionsFor(40)));
      assert.match(line, /line 1: missing column "itemID" in header \(found "(\\u001b|\\u0007|\\u007f|[A-Z])+…" \(2,127 more characters\); expected "itemID,title"\)$/);
      assert.ok(line.length < join(dir, 'garbage.csv').length + 320, `${line.length} characters`);
      assert.doesNotMatch(line, /[\u0000-\u001f\u007f]/, 'raw control characters reached the terminal');
    });

    it("a bundled dataset's name for other files, saying how to get the bundled copy", async () => {
      const line = await refusedImport('movielens-hetrec2011', ok('items.csv', ITEMS), ok('s.jsonl', sessionsFor(40)));
      assert.match(line, /^alkdrec: "movielens-hetrec2011" is the name of a bundled dataset and these files are not its content \(items sha256 [0-9a-f]{12}…, bundled fc79ceff08f5…; sessions sha256 [0-9a-f]{12}…, bundled 1689e067e2ab…\); import the bundled copy with: alkdrec import --dataset movielens-hetrec2011, or choose another name/);
    });

    it('files that cannot train: an empty sessions.jsonl, a header-only items.csv, sessions naming no known item', async () => {
      assert.match(
        await refusedImport('empty-sessions', ok('items.csv', ITEMS), ok('empty.jsonl', '')),
        /: 0 sessions kept after filtering \(0 train \/ 0 valid \/ 0 test\); training needs at least 20 train, 1 valid and 1 test sessions/,
      );
      assert.match(await refusedImport('no-items', ok('header.csv', 'itemID,title\n'), ok('s.jsonl', sessionsFor(40))), /: the catalogue has 0 items; at least 2 are needed/);
      const unknown = ok('unknown.jsonl', sessionsFor(40, 'x'));
      assert.match(await refusedImport('unknown-items', ok('items.csv', ITEMS), unknown), /40 of 40 rows were dropped \(40 whose next item is not in items\.csv/);
    });
  });

  it('on Ctrl-C while the trainer starts, stops it and exits 130', async () => {
    const { code, stderr } = await run(['evaluate', '--model', 'slow'], { interruptAfter: /started one/ });
    assert.equal(code, 130, stderr);
    const pid = /started one \(pid (\d+)/.exec(stderr)?.[1];
    assert.throws(() => process.kill(Number(pid), 0), 'the trainer outlived the command');
  });

  it('on Ctrl-C during a job, stops the trainer gracefully and exits 130', async () => {
    const { code, stderr } = await run(['evaluate', '--model', 'slow'], { interruptAfter: /\] trainer connected/ });
    assert.equal(code, 130, stderr);
    assert.match(stderr, /SIGINT: stopping the trainer started by this command \(again to force\)/);
    const pid = /started one \(pid (\d+)/.exec(stderr)?.[1];
    assert.throws(() => process.kill(Number(pid), 0), 'the trainer outlived the command');
    assert.match(trainerLogs(), /fake trainer stopped/);
  });
});
