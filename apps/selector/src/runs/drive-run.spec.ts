import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runIdOf, RunSpec, type RunStageName } from '@alkdrec/contracts';
import { RunRepository } from '@alkdrec/db';
import { createTestDatabase, type TestDatabase } from '@alkdrec/db/testing';
import { loadRecordingsManifest } from '@alkdrec/llm-providers';
import { UnrecoverableError } from 'bullmq';
import { JobVanishedError } from '@alkdrec/service-kit';
import { RunInterrupted } from '../jobs/run-interrupted';
import type { Stage, StageDeps } from '../stages/stage-context';
import { DatasetNotImported, driveRun, MAX_STAGE_REENTRIES } from './drive-run';

const DATASET = 'drive-run-test';
/** Not replay: DATASET is not bundled, so replay has no recordings for it (tested below). */
const LIVE = 'anthropic';
const METRICS = { recall5: 0.01, ndcg5: 0.005, recall10: 0.02, ndcg10: 0.008 };

let db: TestDatabase;
let deps: StageDeps;

before(async () => {
  db = await createTestDatabase();
  const dataset = await db.prisma.dataset.create({
    data: { name: DATASET, itemCount: 10, rowCount: 0, droppedRows: 0, droppedItems: 0, trainCount: 7, validCount: 0, testCount: 0, source: {} },
  });
  // The models stub stages "produce", each with test metrics, for the run's summary.
  for (const [id, role] of [['T', 'teacher'], ['S', 'student'], ['D', 'distilled']] as const) {
    await db.prisma.model.create({ data: { id, datasetId: dataset.id, backbone: 'fpmc', role, dim: 10, seed: 1, config: {}, status: 'READY' } });
    await db.prisma.evaluation.create({ data: { modelId: id, split: 'TEST', sessionCount: 1, ...METRICS, ranks: [0], wallMs: 1 } });
  }
  // Stages here are stubs: queues and flows are never touched.
  deps = {
    prisma: db.prisma,
    runs: new RunRepository(db.prisma),
    subJobs: undefined as never,
    queues: undefined as never,
    flows: undefined as never,
    flowJobOptions: { ranking: {}, collect: {} },
  };
});
after(() => db.drop());

/** Stub stages that log their calls; `failing` throws once from the named stage. */
function stubStages(calls: RunStageName[], failing?: { stage: RunStageName; error: Error }): Record<RunStageName, Stage> {
  const stub = (name: RunStageName, outcome: Awaited<ReturnType<Stage>>): Stage => async () => {
    calls.push(name);
    if (failing?.stage === name) {
      const { error } = failing;
      failing = undefined;
      throw error;
    }
    return outcome;
  };
  return {
    teacher: stub('teacher', { detail: 'T', models: { teacherModelId: 'T' } }),
    student: stub('student', { detail: 'S', models: { studentModelId: 'S' } }),
    predict: stub('predict', { detail: 'predicted' }),
    hints: stub('hints', { detail: '2 hints', hints: ['a', 'b'] }),
    select: stub('select', { detail: 'drawn' }),
    rank: stub('rank', { detail: 'ranked' }),
    distill: stub('distill', { detail: 'D', models: { distilledModelId: 'D' } }),
  };
}

const hooks = (signal = new AbortController().signal, holdsRun = async () => true) => ({ signal, report: () => undefined, holdsRun });

/** A stage that rejects with JobVanishedError `times` times (Redis lost its job), then succeeds. */
function losingStage(times: number, calls: RunStageName[]): Stage {
  return async () => {
    calls.push('hints');
    if (calls.length <= times) throw new JobVanishedError('alkdrec.llm.hints', 'hints-run');
    return { detail: '2 hints', hints: ['a', 'b'] };
  };
}

describe(driveRun.name, () => {
  it('runs every stage once, stores what each produced, and summarises the run', async () => {
    const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', provider: LIVE, seed: 11 });
    const calls: RunStageName[] = [];
    const result = await driveRun(spec, deps, hooks(), stubStages(calls));
    assert.deepEqual(calls, ['teacher', 'student', 'predict', 'hints', 'select', 'rank', 'distill']);
    const run = await deps.runs.get(runIdOf(spec));
    assert.equal(run.status, 'SUCCEEDED');
    assert.deepEqual([run.teacherModelId, run.studentModelId, run.distilledModelId, run.hints], ['T', 'S', 'D', ['a', 'b']]);
    assert.deepEqual(result.stages.map((s) => [s.name, s.detail, s.attempts, s.resumed]), calls.map((name, i) => [name, ['T', 'S', 'predicted', '2 hints', 'drawn', 'ranked', 'D'][i], 1, false]));
    assert.deepEqual(result.distilled, { modelId: 'D', test: METRICS });
  });

  it('records a failure on the stage and the run, and resumes after it without redoing finished stages', async () => {
    const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', provider: LIVE, seed: 12 });
    const runId = runIdOf(spec);
    const calls: RunStageName[] = [];
    const stages = stubStages(calls, { stage: 'select', error: new Error('pool too small') });
    await assert.rejects(driveRun(spec, deps, hooks(), stages), /pool too small/);
    const failed = await deps.runs.get(runId);
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.error, 'pool too small');
    assert.equal((await deps.runs.stages(runId)).get('select')?.status, 'FAILED');

    calls.length = 0;
    const result = await driveRun(spec, deps, hooks(), stages);
    assert.deepEqual(calls, ['select', 'rank', 'distill'], 'finished stages are skipped');
    assert.equal((await deps.runs.get(runId)).status, 'SUCCEEDED');
    const byName = Object.fromEntries(result.stages.map((s) => [s.name, s]));
    assert.equal(byName['select']?.attempts, 2);
    assert.equal(byName['teacher']?.attempts, 1);
    assert.equal(byName['teacher']?.resumed, true);
    assert.equal(byName['rank']?.resumed, false);
  });

  it('leaves an interrupted run RUNNING, its stage not failed, for the next selector to resume', async () => {
    const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', provider: LIVE, seed: 13 });
    const runId = runIdOf(spec);
    const calls: RunStageName[] = [];
    await assert.rejects(driveRun(spec, deps, hooks(), stubStages(calls, { stage: 'hints', error: new RunInterrupted() })), RunInterrupted);
    assert.equal((await deps.runs.get(runId)).status, 'RUNNING');
    assert.equal((await deps.runs.stages(runId)).get('hints')?.status, 'RUNNING');
    const aborted = new AbortController();
    aborted.abort();
    calls.length = 0;
    await assert.rejects(driveRun(spec, deps, hooks(aborted.signal), stubStages(calls)), RunInterrupted);
    assert.deepEqual(calls, [], 'an aborted driver starts no stage');
  });

  it('runs tr without hints, selection or LLM ranking', async () => {
    const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'tr' });
    const calls: RunStageName[] = [];
    const result = await driveRun(spec, deps, hooks(), stubStages(calls));
    assert.deepEqual(calls, ['teacher', 'student', 'predict', 'distill']);
    assert.equal(result.pool, null);
    assert.equal(result.llm.selected, 0);
  });

  it('refuses a dataset that is not imported, before creating anything', async () => {
    const spec = RunSpec.parse({ dataset: 'not-imported', backbone: 'fpmc', strategy: 'random' });
    await assert.rejects(driveRun(spec, deps, hooks(), stubStages([])), (error: Error) => error instanceof DatasetNotImported && /alkdrec import/.test(error.message));
    assert.equal(await deps.runs.find(runIdOf(spec)), null);
  });

  describe('with the replay provider', () => {
    /** A dataset row whose source records these content hashes, as the importer writes them. */
    async function datasetWithContent(name: string, items: string, sessions: string): Promise<void> {
      await db.prisma.dataset.create({
        data: {
          name, itemCount: 10, rowCount: 0, droppedRows: 0, droppedItems: 0, trainCount: 7, validCount: 0, testCount: 0,
          source: { items: { path: '/x/items.csv', sha256: items, contentSha256: items }, sessions: { path: '/x/sessions.jsonl', sha256: sessions, contentSha256: sessions } },
        },
      });
    }

    it("refuses other content under a bundled dataset's name before any stage, unrecoverably, and records why", async () => {
      const manifest = await loadRecordingsManifest('movielens-hetrec2011');
      assert.ok(manifest);
      const userItems = 'e'.repeat(64);
      await datasetWithContent('movielens-hetrec2011', userItems, manifest.sessionsContentSha256);
      const spec = RunSpec.parse({ dataset: 'movielens-hetrec2011', backbone: 'fpmc', strategy: 'alkdrec', provider: 'replay', budget: 20 });
      const calls: RunStageName[] = [];
      let message = '';
      await assert.rejects(driveRun(spec, deps, hooks(), stubStages(calls)), (error: unknown) => {
        assert.ok(error instanceof UnrecoverableError, `retryable: ${String(error)}`);
        message = error.message;
        return true;
      });
      assert.match(message, /^replay cannot answer for dataset "movielens-hetrec2011": its recorded gpt-4-turbo-2024-04-09 answers and hints were made for the bundled copy/);
      assert.ok(message.includes(`items ${manifest.itemsContentSha256.slice(0, 12)}…`) && message.includes(`items ${userItems.slice(0, 12)}…`), message);
      assert.deepEqual(calls, [], 'no stage ran');
      const run = await deps.runs.get(runIdOf(spec));
      assert.deepEqual([run.status, run.error], ['FAILED', message]);
      assert.equal((await deps.runs.stages(runIdOf(spec))).size, 0);
    });

    it('refuses a dataset that is not bundled, and lets tr (no LLM) run on it', async () => {
      const replay = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'random', provider: 'replay' });
      await assert.rejects(driveRun(replay, deps, hooks(), stubStages([])), (error: unknown) =>
        error instanceof UnrecoverableError && /"drive-run-test" is not one of them; run it with a live --provider/.test(error.message));
      const calls: RunStageName[] = [];
      await driveRun(RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'tr', provider: 'replay', seed: 14 }), deps, hooks(), stubStages(calls));
      assert.deepEqual(calls, ['teacher', 'student', 'predict', 'distill']);
    });

    it('runs on the content the recordings were made for', async () => {
      const manifest = await loadRecordingsManifest('amazon-games');
      assert.ok(manifest);
      await datasetWithContent('amazon-games', manifest.itemsContentSha256, manifest.sessionsContentSha256);
      const calls: RunStageName[] = [];
      await driveRun(RunSpec.parse({ dataset: 'amazon-games', backbone: 'fpmc', strategy: 'alkdrec', provider: 'replay' }), deps, hooks(), stubStages(calls));
      assert.deepEqual(calls, ['teacher', 'student', 'predict', 'hints', 'select', 'rank', 'distill']);
    });
  });

  it('enters a stage again when Redis lost a job it waited for, within the same attempt', async () => {
    const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', provider: LIVE, seed: 14 });
    const hintCalls: RunStageName[] = [];
    const reentered: string[] = [];
    const stages = { ...stubStages([]), hints: losingStage(2, hintCalls) };
    await driveRun(spec, deps, { ...hooks(), onStageReentered: (stage, lost) => reentered.push(`${stage}:${lost.jobId}`) }, stages);
    assert.equal(hintCalls.length, 3);
    assert.deepEqual(reentered, ['hints:hints-run', 'hints:hints-run']);
    const hints = (await deps.runs.stages(runIdOf(spec))).get('hints');
    assert.equal(hints?.status, 'SUCCEEDED');
    assert.equal(hints?.attempts, 1);
  });

  it('stops without failing anything when Redis lost the run\'s own job too (another driver carries on)', async () => {
    const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', provider: LIVE, seed: 15 });
    const runId = runIdOf(spec);
    const hintCalls: RunStageName[] = [];
    const stages = { ...stubStages([]), hints: losingStage(1, hintCalls) };
    await assert.rejects(driveRun(spec, deps, hooks(undefined, async () => false), stages), (error: unknown) => error instanceof RunInterrupted && error.reason === 'lock-lost');
    assert.equal(hintCalls.length, 1, 'not entered again');
    assert.equal((await deps.runs.get(runId)).status, 'RUNNING');
    assert.equal((await deps.runs.stages(runId)).get('hints')?.status, 'RUNNING');
  });

  it(`fails the stage after ${MAX_STAGE_REENTRIES} re-entries in one attempt`, async () => {
    const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', provider: LIVE, seed: 16 });
    const hintCalls: RunStageName[] = [];
    const stages = { ...stubStages([]), hints: losingStage(Number.POSITIVE_INFINITY, hintCalls) };
    await assert.rejects(driveRun(spec, deps, hooks(), stages), JobVanishedError);
    assert.equal(hintCalls.length, MAX_STAGE_REENTRIES + 1);
    assert.equal((await deps.runs.stages(runIdOf(spec))).get('hints')?.status, 'FAILED');
  });

  it('skips a stage another driver of the run finished meanwhile, instead of failing it', async () => {
    const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', provider: LIVE, seed: 17 });
    const runId = runIdOf(spec);
    const calls: RunStageName[] = [];
    const stages = stubStages(calls);
    // The other driver finishes `predict` while this one is in `student`.
    const student = stages.student;
    stages.student = async (ctx) => {
      await deps.runs.startStage(runId, 'predict');
      await deps.runs.finishStage(runId, 'predict', { wallMs: 1, detail: 'by the other driver' });
      return student(ctx);
    };
    await driveRun(spec, deps, hooks(), stages);
    assert.ok(!calls.includes('predict'), calls.join(', '));
    const predict = (await deps.runs.stages(runId)).get('predict');
    assert.equal(predict?.status, 'SUCCEEDED');
    assert.equal(predict?.detail, 'by the other driver');
    assert.equal((await deps.runs.get(runId)).status, 'SUCCEEDED');
  });

  describe('when the run is cancelled', () => {
    /** A stage that waits until the driver's signal aborts, as a stage waiting on another service's job does. */
    const waitingStage = (started: () => void): Stage => (ctx) =>
      new Promise((_, reject) => {
        started();
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
      });

    it('stops the stage it waits in, marks it CANCELLED, keeps the run CANCELLED and names the stage', async () => {
      const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', provider: LIVE, seed: 21 });
      const runId = runIdOf(spec);
      const calls: RunStageName[] = [];
      const cancel = new AbortController();
      let started!: () => void;
      const inPredict = new Promise<void>((resolve) => (started = resolve));
      const driving = driveRun(spec, deps, hooks(cancel.signal), { ...stubStages(calls), predict: waitingStage(started) });
      await inPredict;
      // What RunClient.cancel and the driver's cancel watch do: the row first, then the signal.
      await deps.runs.cancel(runId);
      cancel.abort(new RunInterrupted('cancelled'));
      await assert.rejects(driving, (error: unknown) => error instanceof RunInterrupted && error.reason === 'cancelled' && error.stage === 'predict');
      assert.deepEqual(calls, ['teacher', 'student']);
      const stages = await deps.runs.stages(runId);
      assert.deepEqual(['teacher', 'student', 'predict'].map((name) => stages.get(name)?.status), ['SUCCEEDED', 'SUCCEEDED', 'CANCELLED']);
      assert.equal((await deps.runs.get(runId)).status, 'CANCELLED');
    });

    it('starts no further stage once the run is cancelled between stages, even before its signal says so', async () => {
      const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', provider: LIVE, seed: 22 });
      const runId = runIdOf(spec);
      const calls: RunStageName[] = [];
      const stages = stubStages(calls);
      const student = stages.student;
      stages.student = async (ctx) => {
        const outcome = await student(ctx);
        await deps.runs.cancel(runId); // cancelled while the student trained; the signal has not followed yet
        return outcome;
      };
      await assert.rejects(driveRun(spec, deps, hooks(), stages), (error: unknown) => error instanceof RunInterrupted && error.reason === 'cancelled' && error.stage === 'predict');
      assert.deepEqual(calls, ['teacher', 'student']);
      assert.equal((await deps.runs.stages(runId)).get('predict'), undefined, 'predict never started');
      assert.equal((await deps.runs.get(runId)).status, 'CANCELLED');
    });

    it('a driver of a run cancelled before it began does nothing; once resumed, only the unfinished stages run', async () => {
      const spec = RunSpec.parse({ dataset: DATASET, backbone: 'fpmc', strategy: 'alkdrec', provider: LIVE, seed: 23 });
      const runId = runIdOf(spec);
      const calls: RunStageName[] = [];
      const stages = stubStages(calls);
      const hints = stages.hints;
      stages.hints = async (ctx) => {
        await deps.runs.cancel(runId);
        return hints(ctx);
      };
      await assert.rejects(driveRun(spec, deps, hooks(), stages), (error: unknown) => error instanceof RunInterrupted && error.reason === 'cancelled');
      calls.length = 0;
      await assert.rejects(driveRun(spec, deps, hooks(), stubStages(calls)), (error: unknown) => error instanceof RunInterrupted && error.reason === 'cancelled');
      assert.deepEqual(calls, [], 'a CANCELLED run is not reopened by a driver');

      const { datasetId } = await deps.runs.get(runId);
      await deps.runs.open({ id: runId, datasetId, backbone: 'fpmc', strategy: 'alkdrec', provider: LIVE, budget: 500, seed: 23, spec }, ['CANCELLED']);
      const result = await driveRun(spec, deps, hooks(), stubStages(calls));
      assert.deepEqual(calls, ['select', 'rank', 'distill'], 'hints finished before the cancel took effect');
      assert.equal((await deps.runs.get(runId)).status, 'SUCCEEDED');
      assert.ok(result.stages.every((stage) => stage.attempts === 1));
    });
  });
});
