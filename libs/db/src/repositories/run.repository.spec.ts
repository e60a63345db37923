import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmptyDataset } from '../testing/seed';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { RunRepository, RunWasCancelled, StageAlreadySucceeded, type RunIdentity, type SelectionInput } from './run.repository';

let db: TestDatabase;
let datasetId: number;

before(async () => {
  db = await createTestDatabase();
  datasetId = await createEmptyDataset(db.prisma, 'runs');
});
after(() => db.drop());

function identity(id: string): RunIdentity {
  return { id, datasetId, backbone: 'fpmc', strategy: 'uncertainty', provider: 'replay', budget: 3, seed: 7, spec: { budget: 3, seed: 7 } };
}

async function openRun(id: string): Promise<RunRepository> {
  const repository = new RunRepository(db.prisma);
  await repository.open(identity(id));
  return repository;
}

const sessions: SelectionInput[] = [
  { row: 42, order: 0, rank: 1, probability: 0.5, difficulty: -0.125 },
  { row: 7, order: 1, rank: 3, probability: 0.25, difficulty: -0.75 },
  { row: 19, order: 2, rank: 2, probability: 1, difficulty: 0 },
];

/** Prisma's "record to update not found", the failure the transactional tests expect. */
const notFound = { code: 'P2025' };

function drawn(rows: { row: number; order: number; rank: number; probability: number; difficulty: number }[]) {
  return rows.map(({ row, order, rank, probability, difficulty }) => ({ row, order, rank, probability, difficulty }));
}

describe('RunRepository', () => {
  describe('open', () => {
    it('creates a RUNNING run with its identity', async () => {
      const repository = new RunRepository(db.prisma);
      const run = await repository.open(identity('open-new'));
      assert.equal(run.status, 'RUNNING');
      const stored = await repository.get('open-new');
      assert.equal(stored.datasetId, datasetId);
      assert.equal(stored.backbone, 'fpmc');
      assert.equal(stored.budget, 3);
      assert.deepEqual(stored.spec, { budget: 3, seed: 7 });
      assert.equal(stored.error, null);
      assert.equal(stored.finishedAt, null);
    });

    it('reopens a failed run as RUNNING, clearing error and finishedAt, keeping its stages', async () => {
      const repository = await openRun('open-resume');
      await repository.startStage('open-resume', 'teacher');
      await repository.finishStage('open-resume', 'teacher', { wallMs: 10, detail: 'trained' });
      await repository.finish('open-resume', 'FAILED', 'boom');
      const failed = await repository.get('open-resume');
      assert.equal(failed.status, 'FAILED');
      assert.equal(failed.error, 'boom');
      assert.ok(failed.finishedAt instanceof Date);

      const reopened = await repository.open(identity('open-resume'));
      assert.equal(reopened.status, 'RUNNING');
      assert.equal(reopened.error, null);
      assert.equal(reopened.finishedAt, null);
      const stages = await repository.stages('open-resume');
      assert.equal(stages.size, 1);
      assert.equal(stages.get('teacher')?.status, 'SUCCEEDED');
    });

    it('get throws for an unknown run; find returns null', async () => {
      const repository = new RunRepository(db.prisma);
      assert.equal(await repository.find('nope'), null);
      await assert.rejects(repository.get('nope'), /run nope does not exist/);
    });
  });

  describe('stages', () => {
    it('counts attempts, stores the finished stage and writes models and hints onto the run', async () => {
      const runId = 'stages-finish';
      const repository = await openRun(runId);
      const first = await repository.startStage(runId, 'teacher');
      assert.equal(first.attempts, 1);
      assert.equal(first.status, 'RUNNING');
      await repository.failStage(runId, 'teacher', 'oom');
      const second = await repository.startStage(runId, 'teacher');
      assert.equal(second.attempts, 2);
      assert.equal(second.status, 'RUNNING');
      assert.equal(second.error, null, 'a new attempt clears the previous error');

      await repository.finishStage(runId, 'teacher', {
        wallMs: 1234.6,
        detail: 'trained 10 epochs',
        models: { teacherModelId: 'teacher-1', studentModelId: 'student-1' },
        hints: ['hint a', 'hint b'],
      });
      const stage = (await repository.stages(runId)).get('teacher');
      assert.equal(stage?.status, 'SUCCEEDED');
      assert.equal(stage?.wallMs, 1235);
      assert.equal(stage?.detail, 'trained 10 epochs');
      assert.equal(stage?.attempts, 2);
      assert.ok(stage?.finishedAt instanceof Date);
      const run = await repository.get(runId);
      assert.equal(run.teacherModelId, 'teacher-1');
      assert.equal(run.studentModelId, 'student-1');
      assert.equal(run.distilledModelId, null);
      assert.deepEqual(run.hints, ['hint a', 'hint b']);
    });

    it('refuses to start a stage that already succeeded', async () => {
      const runId = 'stages-refuse';
      const repository = await openRun(runId);
      await repository.startStage(runId, 'hints');
      await repository.finishStage(runId, 'hints', { wallMs: 5, detail: 'ok' });
      await assert.rejects(repository.startStage(runId, 'hints'), (error: unknown) => error instanceof StageAlreadySucceeded && /stage hints of run stages-refuse has already succeeded/.test(error.message));
      const stage = (await repository.stages(runId)).get('hints');
      assert.equal(stage?.status, 'SUCCEEDED');
      assert.equal(stage?.attempts, 1);
    });

    it('failStage marks the stage FAILED with the error', async () => {
      const runId = 'stages-fail';
      const repository = await openRun(runId);
      await repository.startStage(runId, 'student');
      await repository.failStage(runId, 'student', 'cuda went away');
      const stage = (await repository.stages(runId)).get('student');
      assert.equal(stage?.status, 'FAILED');
      assert.equal(stage?.error, 'cuda went away');
      assert.ok(stage?.finishedAt instanceof Date);
    });

    it('never marks a succeeded stage FAILED (a second driver of the run failing late)', async () => {
      const runId = 'stages-fail-after-success';
      const repository = await openRun(runId);
      await repository.startStage(runId, 'teacher');
      await repository.finishStage(runId, 'teacher', { wallMs: 5, detail: 'trained' });
      await repository.failStage(runId, 'teacher', 'the lost driver gave up');
      const stage = (await repository.stages(runId)).get('teacher');
      assert.equal(stage?.status, 'SUCCEEDED');
      assert.equal(stage?.error, null);
    });

    it('finishStage on a stage never started writes nothing onto the run', async () => {
      const runId = 'stages-finish-missing';
      const repository = await openRun(runId);
      await assert.rejects(repository.finishStage(runId, 'distill', { wallMs: 1, detail: 'x', models: { distilledModelId: 'd-1' }, hints: ['h'] }), notFound);
      const run = await repository.get(runId);
      assert.equal(run.distilledModelId, null);
      assert.equal(run.hints, null);
      assert.equal((await repository.stages(runId)).size, 0);
    });
  });

  describe('saveSelection', () => {
    it('stores the draw in order, the pool and the select stage', async () => {
      const runId = 'select-save';
      const repository = await openRun(runId);
      await repository.startStage(runId, 'select');
      await repository.saveSelection(runId, { sessions, poolSize: 12_054, poolNote: 'all training sessions', wallMs: 99.4, detail: 'drew 3' });

      assert.deepEqual(drawn(await repository.selection(runId)), sessions);
      const run = await repository.get(runId);
      assert.equal(run.poolSize, 12_054);
      assert.equal(run.poolNote, 'all training sessions');
      const stage = (await repository.stages(runId)).get('select');
      assert.equal(stage?.status, 'SUCCEEDED');
      assert.equal(stage?.wallMs, 99);
      assert.equal(stage?.detail, 'drew 3');
    });

    it('does not duplicate rows when saved again', async () => {
      const runId = 'select-twice';
      const repository = await openRun(runId);
      await repository.startStage(runId, 'select');
      await repository.saveSelection(runId, { sessions, poolSize: 10, poolNote: 'n', wallMs: 1, detail: 'd' });
      await repository.saveSelection(runId, { sessions, poolSize: 10, poolNote: 'n', wallMs: 1, detail: 'd' });
      const selection = await repository.selection(runId);
      assert.equal(selection.length, 3);
      assert.deepEqual(drawn(selection), sessions);
    });

    it('is all-or-nothing: without a select stage row nothing is written', async () => {
      const runId = 'select-atomic';
      const repository = await openRun(runId);
      await assert.rejects(repository.saveSelection(runId, { sessions, poolSize: 500, poolNote: 'pool', wallMs: 1, detail: 'd' }), notFound);
      assert.deepEqual(await repository.selection(runId), []);
      const run = await repository.get(runId);
      assert.equal(run.poolSize, null);
      assert.equal(run.poolNote, null);
      assert.equal((await repository.stages(runId)).size, 0);
    });

    it('refuses a probability outside [0, 1], naming the run and row, writing nothing', async () => {
      const runId = 'select-probability';
      const repository = await openRun(runId);
      await repository.startStage(runId, 'select');
      const bad = [sessions[0]!, { row: 8, order: 1, rank: 2, probability: 1.5, difficulty: -0.5 }];
      await assert.rejects(repository.saveSelection(runId, { sessions: bad, poolSize: 5, poolNote: 'p', wallMs: 1, detail: 'd' }), (error: unknown) => {
        assert.ok(error instanceof RangeError);
        assert.match(error.message, /selection of run select-probability, row 8: probability must be in \[0, 1\]/);
        return true;
      });
      assert.deepEqual(await repository.selection(runId), []);
      assert.equal((await repository.get(runId)).poolSize, null);
      assert.equal((await repository.stages(runId)).get('select')?.status, 'RUNNING');
    });

    it('refuses a NaN difficulty, naming the run and row, writing nothing', async () => {
      const runId = 'select-difficulty';
      const repository = await openRun(runId);
      await repository.startStage(runId, 'select');
      const bad = [{ row: 11, order: 0, rank: 1, probability: 0.5, difficulty: Number.NaN }];
      await assert.rejects(repository.saveSelection(runId, { sessions: bad, poolSize: 5, poolNote: 'p', wallMs: 1, detail: 'd' }), (error: unknown) => {
        assert.ok(error instanceof RangeError);
        assert.match(error.message, /selection of run select-difficulty, row 11: difficulty must be finite/);
        return true;
      });
      assert.deepEqual(await repository.selection(runId), []);
      assert.equal((await repository.get(runId)).poolSize, null);
    });

    it('refuses negative rows/orders and non-positive ranks', async () => {
      const runId = 'select-ints';
      const repository = await openRun(runId);
      await repository.startStage(runId, 'select');
      const input = (session: SelectionInput) => ({ sessions: [session], poolSize: 1, poolNote: 'p', wallMs: 1, detail: 'd' });
      await assert.rejects(repository.saveSelection(runId, input({ row: -1, order: 0, rank: 1, probability: 1, difficulty: 0 })), RangeError);
      await assert.rejects(repository.saveSelection(runId, input({ row: 1, order: 0.5, rank: 1, probability: 1, difficulty: 0 })), RangeError);
      await assert.rejects(repository.saveSelection(runId, input({ row: 1, order: 0, rank: 0, probability: 1, difficulty: 0 })), RangeError);
      await assert.rejects(repository.saveSelection(runId, input({ row: 1, order: 0, rank: 1, probability: Number.NaN, difficulty: 0 })), RangeError);
      assert.deepEqual(await repository.selection(runId), []);
    });
  });

  describe('rankings', () => {
    it('lists unanswered sessions in draw order and records outcomes', async () => {
      const runId = 'rank-record';
      const repository = await openRun(runId);
      await repository.startStage(runId, 'select');
      await repository.saveSelection(runId, { sessions, poolSize: 3, poolNote: 'p', wallMs: 1, detail: 'd' });
      assert.deepEqual(
        (await repository.unanswered(runId)).map((s) => s.row),
        [42, 7, 19],
      );

      const count = await repository.recordRankings(runId, [
        { row: 7, status: 'ranked', ranking: [3, 1, 2], costUsd: 0.0125 },
        { row: 19, status: 'parse-failed', ranking: [], costUsd: 0.01 },
      ]);
      assert.equal(count, 2);
      assert.deepEqual(
        (await repository.unanswered(runId)).map((s) => s.row),
        [42],
      );
      const byRow = new Map((await repository.selection(runId)).map((s) => [s.row, s]));
      assert.equal(byRow.get(7)?.llmStatus, 'ranked');
      assert.deepEqual(byRow.get(7)?.ranking, [3, 1, 2]);
      assert.equal(byRow.get(7)?.costUsd, 0.0125);
      assert.equal(byRow.get(19)?.llmStatus, 'parse-failed');
      assert.deepEqual(byRow.get(19)?.ranking, []);
      assert.equal(byRow.get(42)?.llmStatus, null);
      assert.equal(byRow.get(42)?.costUsd, null);
    });

    it('refuses a row outside the selection and writes none of the batch', async () => {
      const runId = 'rank-atomic';
      const repository = await openRun(runId);
      await repository.startStage(runId, 'select');
      await repository.saveSelection(runId, { sessions, poolSize: 3, poolNote: 'p', wallMs: 1, detail: 'd' });
      await assert.rejects(
        repository.recordRankings(runId, [
          { row: 42, status: 'ranked', ranking: [1], costUsd: 0.5 },
          { row: 999, status: 'ranked', ranking: [2], costUsd: 0.5 },
        ]),
        notFound,
      );
      assert.deepEqual(
        (await repository.unanswered(runId)).map((s) => s.row),
        [42, 7, 19],
      );
      const row42 = (await repository.selection(runId)).find((s) => s.row === 42);
      assert.equal(row42?.llmStatus, null);
      assert.deepEqual(row42?.ranking, []);
      assert.equal(row42?.costUsd, null);
    });

    it("does not record onto another run's selection", async () => {
      const repository = await openRun('rank-other-a');
      await repository.open(identity('rank-other-b'));
      await repository.startStage('rank-other-a', 'select');
      await repository.saveSelection('rank-other-a', { sessions, poolSize: 3, poolNote: 'p', wallMs: 1, detail: 'd' });
      await assert.rejects(repository.recordRankings('rank-other-b', [{ row: 42, status: 'ranked', ranking: [1], costUsd: 0.1 }]), notFound);
      assert.equal((await repository.unanswered('rank-other-a')).length, 3);
    });
  });

  describe('finish and unfinished', () => {
    it('lists RUNNING runs only; FAILED never overwrites SUCCEEDED', async () => {
      const repository = new RunRepository(db.prisma);
      const before = new Set(await repository.unfinished());
      await openRun('finish-running');
      await openRun('finish-failed');
      await repository.finish('finish-failed', 'FAILED', 'boom');
      await openRun('finish-succeeded');
      await repository.finish('finish-succeeded', 'SUCCEEDED');
      const added = (await repository.unfinished()).filter((id) => !before.has(id));
      assert.deepEqual(added, ['finish-running']);

      await repository.finish('finish-succeeded', 'FAILED', 'a lost driver failing late');
      const succeeded = await repository.get('finish-succeeded');
      assert.equal(succeeded.status, 'SUCCEEDED');
      assert.equal(succeeded.error, null);
    });
  });

  describe('cancel', () => {
    it('cancels a RUNNING run once; its RUNNING stage is marked by cancelStages, finished stages are kept', async () => {
      const repository = await openRun('cancel-running');
      await repository.startStage('cancel-running', 'teacher');
      await repository.finishStage('cancel-running', 'teacher', { wallMs: 5, detail: 'trained' });
      await repository.startStage('cancel-running', 'student');
      assert.equal(await repository.cancel('cancel-running'), true);
      assert.equal(await repository.cancel('cancel-running'), false, 'not RUNNING any more');
      const run = await repository.get('cancel-running');
      assert.deepEqual([run.status, run.error], ['CANCELLED', null]);
      assert.ok(run.finishedAt instanceof Date);
      assert.deepEqual(await repository.cancelStages('cancel-running'), ['student']);
      const stages = await repository.stages('cancel-running');
      assert.deepEqual([stages.get('teacher')?.status, stages.get('student')?.status, stages.get('student')?.error], ['SUCCEEDED', 'CANCELLED', 'cancelled']);
      assert.deepEqual(await repository.cancelStages('cancel-running'), [], 'nothing RUNNING is left');
    });

    it('refuses to start a stage of a cancelled run, and no driver ends it SUCCEEDED or FAILED', async () => {
      const repository = await openRun('cancel-refuses');
      await repository.cancel('cancel-refuses');
      await assert.rejects(repository.startStage('cancel-refuses', 'teacher'), (error: unknown) => error instanceof RunWasCancelled && /run cancel-refuses was cancelled/.test(error.message));
      assert.equal(await repository.finish('cancel-refuses', 'SUCCEEDED'), false);
      assert.equal(await repository.finish('cancel-refuses', 'FAILED', 'late'), false);
      assert.equal(await repository.status('cancel-refuses'), 'CANCELLED');
      assert.equal(await repository.status('no-such-run'), undefined);
    });

    it("a driver's open leaves a CANCELLED (and a SUCCEEDED) run as it is; a client's resume reopens it", async () => {
      const repository = await openRun('cancel-reopen');
      await repository.cancel('cancel-reopen');
      assert.equal((await repository.open(identity('cancel-reopen'))).status, 'CANCELLED');
      const reopened = await repository.open(identity('cancel-reopen'), ['FAILED', 'CANCELLED']);
      assert.deepEqual([reopened.status, reopened.finishedAt], ['RUNNING', null]);

      await openRun('done-reopen');
      await repository.finish('done-reopen', 'SUCCEEDED');
      assert.equal((await repository.open(identity('done-reopen'))).status, 'SUCCEEDED');
    });
  });

  describe('saveProgress', () => {
    it('stores the latest report and when it came', async () => {
      const repository = await openRun('progress-run');
      const progress = { stage: 'rank' as const, stageIndex: 5, stageCount: 7, done: 3, total: 20, finished: ['teacher' as const] };
      await repository.saveProgress('progress-run', progress);
      await repository.saveProgress('progress-run', { ...progress, done: 4 });
      const run = await repository.get('progress-run');
      assert.deepEqual(run.progress, { ...progress, done: 4 });
      assert.ok(run.progressAt instanceof Date);
    });
  });
});
