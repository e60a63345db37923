import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { experimentCells, ExperimentGrid } from '@alkdrec/contracts';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';

const MAIN = join(__dirname, '..', 'main.js');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const GRID = {
  name: 'tiny',
  datasets: ['tiny'],
  backbones: ['fpmc'],
  variants: ['student', 'teacher', 'alkdrec', 'random', 'hardest'],
  seeds: [1, 2],
  budget: 4,
};
const TEST_SESSIONS = 40;
const TRAIN_SESSIONS = 30;

/** Tags balance: every opened element is closed in order (enough to say the SVG is well-formed XML-ish). */
function assertBalanced(svg: string, file: string): void {
  const stack: string[] = [];
  for (const match of svg.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `${file}: </${name}> closes the wrong element`);
    else stack.push(name!);
  }
  assert.deepEqual(stack, [], `${file}: unclosed ${stack.join(', ')}`);
}

/** `alkdrec report` as a user runs it: the built binary against a small synthetic database of its own. */
describe('alkdrec report', () => {
  let dir: string;
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]): Promise<CliRun> =>
    new Promise((resolve) => {
      execFile(process.execPath, [MAIN, 'report', ...args], { env, cwd: dir }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alkdrec-cli-report-'));
    writeFileSync(join(dir, 'tiny.json'), JSON.stringify(GRID));
    db = await createTestDatabase();
    env = { ...process.env, DATABASE_URL: db.databaseUrl, DATABASE_SCHEMA: db.schema, ALKDREC_DEBUG: '' };
    const prisma = db.prisma;
    const dataset = await prisma.dataset.create({
      data: { name: 'tiny', itemCount: 100, rowCount: TRAIN_SESSIONS + TEST_SESSIONS, droppedRows: 0, droppedItems: 0, trainCount: TRAIN_SESSIONS, validCount: 0, testCount: TEST_SESSIONS, source: {} },
    });
    // Training rows 0..29, whose next item is row % 100.
    await prisma.session.createMany({ data: Array.from({ length: TRAIN_SESSIONS }, (_, row) => ({ datasetId: dataset.id, row, ordinal: row, split: 'TRAIN' as const, items: [1, 2], next: row })) });
    const grid = ExperimentGrid.parse(GRID);
    const model = (id: string, role: string, seed: number) => prisma.model.upsert({ where: { id }, update: {}, create: { id, datasetId: dataset.id, backbone: 'fpmc', role, dim: 10, seed, config: {}, status: 'READY' } });
    const evaluate = async (modelId: string, hitEvery: number) => {
      const ranks = Array.from({ length: TEST_SESSIONS }, (_, i) => (i % hitEvery === 0 ? 0 : 90));
      const r = ranks.filter((x) => x < 10).length / TEST_SESSIONS;
      await prisma.evaluation.create({ data: { modelId, split: 'TEST', sessionCount: TEST_SESSIONS, recall5: r, ndcg5: r, recall10: r, ndcg10: r, ranks, wallMs: 1 } });
    };
    // Seed 1 complete; seed 2: only the ALKDRec run, still running (no random run at all).
    for (const cell of experimentCells(grid).filter((c) => c.model === 'distilled' && c.variant !== 'hardest' && (c.seed === 1 || c.variant === 'alkdrec'))) {
      const teacher = `tiny.fpmc.teacher.s${cell.seed}`;
      const student = `tiny.fpmc.student.s${cell.seed}`;
      const distilled = `${student}.${cell.variant}`;
      const done = cell.seed === 1;
      await model(teacher, 'teacher', cell.seed);
      await model(student, 'student', cell.seed);
      await model(distilled, 'student', cell.seed);
      await prisma.run.create({
        data: {
          id: cell.runId, datasetId: dataset.id, backbone: 'fpmc', strategy: cell.variant, provider: 'replay', budget: 4, seed: cell.seed, spec: {},
          status: done ? 'SUCCEEDED' : 'RUNNING', teacherModelId: teacher, studentModelId: student, distilledModelId: done ? distilled : null, poolSize: done ? 20 : null, poolNote: done ? 'replay: answered sessions only' : null,
        },
      });
      if (!done) continue;
      // Four picks: rows 0..3; the LLM ranks the true item first on rows 0 and 1; the student is right on row 0 only.
      await prisma.runSelection.createMany({
        data: [0, 1, 2, 3].map((row) => ({ runId: cell.runId, row, order: row, rank: 15 + row, probability: 0.05, difficulty: -0.5, llmStatus: 'ranked', ranking: row < 2 ? [row, 50] : [60, 61] })),
      });
      await prisma.prediction.createMany({ data: [0, 1, 2, 3].map((row) => ({ modelId: student, row, top50: [], trueRank: row === 0 ? 3 : 400 })), skipDuplicates: true });
      await evaluate(distilled, cell.variant === 'alkdrec' ? 2 : 5);
    }
    await evaluate('tiny.fpmc.student.s1', 8);
    await evaluate('tiny.fpmc.teacher.s1', 1);
    writeFileSync(join(dir, 'results.md'), '# Results\n\nWritten by hand.\n');
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  it('writes its section and figures, shows missing cells as "—", and leaves the rest of results.md alone', async () => {
    const run = await cli('--grid', 'tiny.json', '--out', '.');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /report tiny: 4 of 10 cells done/);
    const md = readFileSync(join(dir, 'results.md'), 'utf8');
    assert.ok(md.startsWith('# Results\n\nWritten by hand.\n\n<!-- report:tiny:begin -->\n'), md.slice(0, 200));
    assert.ok(md.trimEnd().endsWith('<!-- report:tiny:end -->'));
    // Seed 2's student and teacher come from its first strategy run (ALKDRec), still running; its random run was never submitted.
    assert.match(md, /\| tiny \| fpmc \| 1\/2 \(1 running\) \| 1\/2 \(1 running\) \| 1\/2 \(1 running\) \| 1\/2 \| 0\/2 \|/);
    // ALKDRec: 20 hits of 40 on seed 1; random 8 of 40; student 5 of 40.
    assert.match(md, /\| alkdrec \| [^|]+ \| [^|]+ \| \.50000 \| [^|]+ \| 1 \| \+\.37500 \(p < \.001\)/);
    // Only ALKDRec hits the even sessions not divisible by 5 (16), only random the odd multiples of 5 (4): exact 2·P(X ≤ 4 | 20) = .012.
    assert.match(md, /ALKDRec is ahead of random by \.30000 in R@10 over 1 seed \(test sessions only ALKDRec hits: 16, only random: 4;.*beyond noise \(p = \.012 < 0\.05\)/);
    // hardest has no run at all: dashes in its row and 0/2 in the coverage.
    assert.match(md, /\| hardest \| — \| — \| — \| — \| 0 \| — \| — \| — \| — \| — \|/);
    // The picks: row 0 similar (LLM and student right), row 1 effective, rows 2–3 incorrect.
    assert.match(md, /\| tiny · fpmc \| alkdrec \| 4 \| 25\.0 % \| 25\.0 % \| 50\.0 % \| 0\.0 % \| 0\.0 % \|/);
    assert.match(md, /drew from 20 of 30 training sessions \(66\.7 %\) — replay: answered sessions only/);
    const figures = readdirSync(join(dir, 'figures')).sort();
    assert.deepEqual(figures, ['tiny-cost.svg', 'tiny-p-star.svg', 'tiny-r10.svg', 'tiny-selection-anatomy.svg']);
    for (const file of figures) assertBalanced(readFileSync(join(dir, 'figures', file), 'utf8'), file);
    const bars = readFileSync(join(dir, 'figures', 'tiny-r10.svg'), 'utf8');
    for (const v of ['student', 'teacher', 'alkdrec', 'random']) assert.match(bars, new RegExp(`data-series="${v}"`));
    assert.equal((readFileSync(join(dir, 'figures', 'tiny-p-star.svg'), 'utf8').match(/data-series="drawn"/g) ?? []).length, 4);
    assert.equal(readdirSync(dir).filter((f) => f.includes('.tmp-')).length, 0);

    // Again: the section is replaced in place, not appended twice.
    writeFileSync(join(dir, 'results.md'), `${readFileSync(join(dir, 'results.md'), 'utf8')}\nA later hand-written line.\n`);
    assert.equal((await cli('--grid', 'tiny.json', '--out', '.')).code, 0);
    const again = readFileSync(join(dir, 'results.md'), 'utf8');
    assert.equal(again.split('<!-- report:tiny:begin -->').length, 2);
    assert.ok(again.endsWith('<!-- report:tiny:end -->\n\nA later hand-written line.\n'));
  });

  it('names the file and the field of a bad grid', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...GRID, seeds: [1, 1] }));
    const run = await cli('--grid', 'bad.json');
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /bad\.json: seeds\.1: 1 is named twice/);
  });
});
