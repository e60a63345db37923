import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCursor, RunListQuery, RunListPage, RunSpec, runIdOf, RunView, type RunListQueryInput } from '@alkdrec/contracts';
import { createEmptyDataset } from '../testing/seed';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { runResultOf } from './run-result';
import { RunRepository } from './run.repository';

const METRICS = { recall5: 0.01, ndcg5: 0.005, recall10: 0.02, ndcg10: 0.008 };

let db: TestDatabase;
let runs: RunRepository;
const datasetIds = new Map<string, number>();

/** A run row as a driver leaves it, created at a fixed time (the list's order). */
async function seedRun(input: { dataset: string; strategy: RunSpec['strategy']; seed: number; status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED'; at: string }) {
  const spec = RunSpec.parse({ dataset: input.dataset, backbone: 'fpmc', strategy: input.strategy, budget: 3, seed: input.seed });
  const id = runIdOf(spec);
  await db.prisma.run.create({
    data: {
      id,
      datasetId: datasetIds.get(input.dataset) as number,
      backbone: spec.backbone,
      strategy: spec.strategy,
      provider: spec.provider,
      budget: spec.budget,
      seed: spec.seed,
      spec,
      status: input.status,
      createdAt: new Date(input.at),
      ...(input.status === 'RUNNING' ? {} : { finishedAt: new Date(input.at) }),
    },
  });
  return id;
}

function list(query: RunListQueryInput): Promise<RunListPage> {
  return runs.list(RunListQuery.parse(query));
}

before(async () => {
  db = await createTestDatabase();
  runs = new RunRepository(db.prisma);
  for (const name of ['view-a', 'view-b']) datasetIds.set(name, await createEmptyDataset(db.prisma, name));
});
after(() => db.drop());

describe('the run read model', () => {
  describe('view', () => {
    it('shows every stage of the strategy, the stored progress, the models with metrics, the selection and the LLM figures', async () => {
      const id = await seedRun({ dataset: 'view-a', strategy: 'alkdrec', seed: 1, status: 'RUNNING', at: '2026-11-28T01:00:00.000Z' });
      for (const [modelId, role] of [['view-T', 'teacher'], ['view-S', 'student']] as const) {
        await db.prisma.model.create({ data: { id: modelId, datasetId: datasetIds.get('view-a') as number, backbone: 'fpmc', role, dim: 10, seed: 1, config: {}, status: 'READY' } });
      }
      await db.prisma.evaluation.create({ data: { modelId: 'view-T', split: 'TEST', sessionCount: 1, ...METRICS, ranks: [0], wallMs: 1 } });
      await runs.startStage(id, 'teacher');
      await runs.finishStage(id, 'teacher', { wallMs: 1200.4, detail: 'trained', models: { teacherModelId: 'view-T' } });
      await runs.startStage(id, 'student');
      await runs.finishStage(id, 'student', { wallMs: 300, detail: 'trained', models: { studentModelId: 'view-S' } });
      await runs.startStage(id, 'predict');
      await runs.failStage(id, 'predict', 'trainer gone');
      await runs.startStage(id, 'predict');
      const progress = { stage: 'predict' as const, stageIndex: 2, stageCount: 7, done: 10, total: 40, finished: ['teacher' as const, 'student' as const] };
      await runs.saveProgress(id, progress);

      const view = RunView.parse(await runs.view(id));
      assert.equal(view.state, 'RUNNING');
      assert.equal(view.finishedAt, null);
      assert.deepEqual(view.stages.map((s) => [s.name, s.state, s.attempts]), [
        ['teacher', 'SUCCEEDED', 1], ['student', 'SUCCEEDED', 1], ['predict', 'RUNNING', 2],
        ['hints', 'PENDING', 0], ['select', 'PENDING', 0], ['rank', 'PENDING', 0], ['distill', 'PENDING', 0],
      ]);
      assert.equal(view.stages[0]?.wallMs, 1200);
      assert.equal(view.stages[2]?.wallMs, null, 'no wall time before a stage finishes');
      assert.equal(view.stages[2]?.error, null, 'a new attempt clears the last error');
      assert.deepEqual({ ...view.progress, at: undefined }, { ...progress, at: undefined });
      assert.deepEqual(view.metrics, { exclusion: 'session', teacher: { modelId: 'view-T', test: METRICS }, student: null, distilled: null }, 'a model without test metrics is null');
      assert.deepEqual(view.selection, { selected: 0, byLlmStatus: {}, poolSize: null, poolNote: null, difficulty: null });
      assert.equal(view.llm.requests, 0);

      await runs.startStage(id, 'hints');
      await runs.finishStage(id, 'hints', { wallMs: 1, detail: 'hints' });
      await runs.startStage(id, 'select');
      const drawn = [
        { row: 4, order: 0, rank: 1, probability: 1, difficulty: -0.5 },
        { row: 9, order: 1, rank: 2, probability: 1, difficulty: -2.25 },
      ];
      await runs.saveSelection(id, { sessions: drawn, poolSize: 50, poolNote: 'all 50', wallMs: 1, detail: 'drawn' });
      await runs.recordRankings(id, [{ row: 4, status: 'ranked', ranking: [1, 2], costUsd: 0 }]);
      const selected = RunView.parse(await runs.view(id));
      assert.deepEqual(selected.selection, { selected: 2, byLlmStatus: { ranked: 1, unanswered: 1 }, poolSize: 50, poolNote: 'all 50', difficulty: { min: -2.25, max: -0.5 } });
      assert.deepEqual([selected.llm.selected, selected.llm.outcomes], [2, { ranked: 1, unanswered: 1 }]);
    });

    it('is undefined for an unknown run; a result exists only for a SUCCEEDED run', async () => {
      assert.equal(await runs.view('no-such-run'), undefined);
      const id = await seedRun({ dataset: 'view-a', strategy: 'tr', seed: 2, status: 'CANCELLED', at: '2026-11-28T01:00:01.000Z' });
      const view = RunView.parse(await runs.view(id));
      assert.equal(view.state, 'CANCELLED');
      assert.deepEqual(view.stages.map((s) => s.name), ['teacher', 'student', 'predict', 'distill']);
      assert.throws(() => runResultOf(view, { since: new Date(), wallMs: 0 }), /stage teacher has not succeeded \(PENDING\)/);
    });
  });

  describe('list', () => {
    const at = (minute: number) => `2026-11-28T03:${String(minute).padStart(2, '0')}:00.000Z`;
    let ids: Record<string, string>;

    before(async () => {
      ids = {
        a1: await seedRun({ dataset: 'view-b', strategy: 'alkdrec', seed: 11, status: 'SUCCEEDED', at: at(1) }),
        a2: await seedRun({ dataset: 'view-b', strategy: 'random', seed: 12, status: 'FAILED', at: at(2) }),
        a3: await seedRun({ dataset: 'view-b', strategy: 'alkdrec', seed: 13, status: 'CANCELLED', at: at(3) }),
        // Two runs created in the same millisecond: the id orders them.
        a4: await seedRun({ dataset: 'view-b', strategy: 'alkdrec', seed: 14, status: 'RUNNING', at: at(4) }),
        a5: await seedRun({ dataset: 'view-b', strategy: 'alkdrec', seed: 15, status: 'RUNNING', at: at(4) }),
      };
    });

    it('is newest first (then by id), counts every match, and filters by dataset, strategy and state', async () => {
      const all = RunListPage.parse(await list({ dataset: 'view-b' }));
      assert.equal(all.total, 5);
      assert.deepEqual(all.runs.map((r) => r.id), [ids['a5'], ids['a4'], ids['a3'], ids['a2'], ids['a1']]);
      assert.equal(all.next, null);
      assert.deepEqual((await list({ dataset: 'view-b', strategy: 'alkdrec' })).runs.map((r) => r.id), [ids['a5'], ids['a4'], ids['a3'], ids['a1']]);
      const cancelled = await list({ dataset: 'view-b', state: 'CANCELLED' });
      assert.deepEqual([cancelled.total, cancelled.runs.map((r) => [r.id, r.state, r.stageCount])], [1, [[ids['a3'], 'CANCELLED', 7]]]);
      assert.equal((await list({ dataset: 'view-b', strategy: 'tr' })).total, 0);
      assert.equal((await list({ dataset: 'no-such-dataset' })).total, 0);
    });

    it('pages by cursor without skipping or repeating a run, ties included, and by offset', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 5; pages++) {
        const page = await list({ dataset: 'view-b', limit: 2, ...(cursor ? { cursor } : {}) });
        assert.equal(page.total, 5);
        seen.push(...page.runs.map((r) => r.id));
        if (page.next === null) break;
        cursor = page.next;
      }
      assert.deepEqual(seen, [ids['a5'], ids['a4'], ids['a3'], ids['a2'], ids['a1']]);
      const third = await list({ dataset: 'view-b', limit: 2, offset: 4 });
      assert.deepEqual([third.runs.map((r) => r.id), third.next], [[ids['a1']], null]);
      const second = await list({ dataset: 'view-b', limit: 2, offset: 2 });
      assert.deepEqual(second.runs.map((r) => r.id), [ids['a3'], ids['a2']]);
      assert.ok(second.next, 'a cursor after an offset page goes on from its last run');
      assert.deepEqual((await list({ dataset: 'view-b', limit: 2, cursor: second.next })).runs.map((r) => r.id), [ids['a1']]);
    });

    it('refuses bad queries, naming the field', () => {
      const issues = (query: unknown) => RunListQuery.safeParse(query).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
      assert.match(issues({ limit: 0 }).join(), /^limit: /);
      assert.match(issues({ limit: '500' }).join(), /^limit: /);
      assert.match(issues({ state: 'DONE' }).join(), /^state: /);
      assert.match(issues({ dataset: 'Bad Name' }).join(), /^dataset: /);
      assert.match(issues({ cursor: 'xyz' }).join(), /^cursor: not a cursor this service returned/);
      // The api's one cursor format: a dataset list's cursor (a 1-part key) or a key without a time is not a run list's.
      assert.match(issues({ cursor: encodeCursor(['movielens']) }).join(), /^cursor: not a cursor/);
      assert.match(issues({ cursor: encodeCursor(['yesterday', 'some-run']) }).join(), /^cursor: not a cursor/);
      assert.match(issues({ sort: 'asc' }).join(), /sort/);
      assert.equal(RunListQuery.parse({ limit: '7', offset: '3' }).limit, 7, 'query strings are coerced');
    });
  });
});
