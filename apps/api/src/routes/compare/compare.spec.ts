import 'reflect-metadata';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Comparison, type ComparedVariant, type RunSpecInput } from '@alkdrec/contracts';
import { createRunDataset } from '../../testing/run-fixture';
import { endRun, metrics, openRun, seedModel } from '../../testing/dashboard-fixture';
import { expectProblem } from '../../testing/expect-problem';
import { startTestApi, type TestApi } from '../../testing/test-api';

/** A dataset the paper has numbers for (REFERENCE §7: Hetrec2011-ML), and one it has none for. */
const PAPER = 'movielens-hetrec2011';
const OTHER = 'api-compare-other';
let api: TestApi;

const get = (url: string) => api.fastify.inject({ method: 'GET', url });
const spec = (strategy: RunSpecInput['strategy'], seed: number, extra: Partial<RunSpecInput> = {}): RunSpecInput => ({ dataset: PAPER, backbone: 'fpmc', strategy, seed, ...extra });

/** Test recall@10 / NDCG@10 of each seeded model (made-up numbers, two seeds). */
const S1 = metrics(0.01, 0.004);
const S2 = metrics(0.012, 0.006);
const T1 = metrics(0.02, 0.009);
const T2 = metrics(0.024, 0.011);
const ALK1 = metrics(0.018, 0.008);
const ALK2 = metrics(0.022, 0.01);
const RND1 = metrics(0.015, 0.007);
const RND2 = metrics(0.017, 0.005);
const TR1 = metrics(0.019, 0.0085);

before(async () => {
  api = await startTestApi();
  const prisma = api.db.prisma;
  const ml = await createRunDataset(prisma, PAPER);
  const other = await createRunDataset(prisma, OTHER);
  const model = (id: string, role: 'teacher' | 'student' | 'distilled', test: ReturnType<typeof metrics>, dataset = ml) => seedModel(prisma, dataset, { id, role, test });
  const s1 = await model('cmp.S1', 'student', S1);
  const s2 = await model('cmp.S2', 'student', S2);
  const t1 = await model('cmp.T1', 'teacher', T1);
  const t2 = await model('cmp.T2', 'teacher', T2);
  const succeeded = async (input: RunSpecInput, distilled: string, shared: { student?: string; teacher?: string } = input.seed === 1 ? { student: s1, teacher: t1 } : { student: s2, teacher: t2 }, dataset = ml) =>
    endRun(prisma, await openRun(prisma, dataset, input), 'SUCCEEDED', { ...shared, distilled });

  // Counted: two seeds of alkdrec and random (sharing the student and teacher of their seed), tr of
  // one seed at another budget (tr asks no LLM: every budget counts).
  await succeeded(spec('alkdrec', 1), await model('cmp.ALK1', 'distilled', ALK1));
  await succeeded(spec('alkdrec', 2), await model('cmp.ALK2', 'distilled', ALK2));
  await succeeded(spec('random', 1), await model('cmp.RND1', 'distilled', RND1));
  await succeeded(spec('random', 2), await model('cmp.RND2', 'distilled', RND2));
  await succeeded(spec('tr', 1, { budget: 20 }), await model('cmp.TR1', 'distilled', TR1));
  // ALK1 also has a test evaluation under the other rule, with other numbers: not what runs report.
  await prisma.evaluation.create({ data: { modelId: 'cmp.ALK1', split: 'TEST', exclusion: 'window', sessionCount: 10, ...metrics(0.9, 0.9), ranks: [], wallMs: 1 } });

  // Not counted at budget 500, uncapped: another budget, a FAILED and a RUNNING run, a capped run.
  const loud = metrics(0.5, 0.5);
  await succeeded(spec('alkdrec', 3, { budget: 20 }), await model('cmp.ALK3', 'distilled', loud), { student: await model('cmp.S3', 'student', loud), teacher: await model('cmp.T3', 'teacher', loud) });
  const failed = await openRun(prisma, ml, spec('alkdrec', 4));
  await endRun(prisma, failed, 'FAILED', { student: await model('cmp.S4', 'student', loud), teacher: await model('cmp.T4', 'teacher', loud) });
  const running = await openRun(prisma, ml, spec('easiest', 1));
  await endRun(prisma, running, 'RUNNING', { student: s1, teacher: t1, distilled: await model('cmp.EAS1', 'distilled', loud) });
  const capped = metrics(0.03, 0.013);
  await succeeded(spec('alkdrec', 5, { maxSteps: 20 }), await model('cmp.ALK5', 'distilled', capped), {
    student: await model('cmp.S5', 'student', metrics(0.001, 0.0005)),
    teacher: await model('cmp.T5', 'teacher', metrics(0.002, 0.001)),
  });
  // Another backbone of the same dataset.
  await succeeded(spec('alkdrec', 1, { backbone: 'stamp' }), await model('cmp.STAMP1', 'distilled', loud), { student: await model('cmp.SS1', 'student', loud) });
  // The same strategies on a dataset the paper did not use.
  const o = (id: string, role: 'teacher' | 'student' | 'distilled', test: ReturnType<typeof metrics>) => model(id, role, test, other);
  await succeeded({ ...spec('alkdrec', 1), dataset: OTHER }, await o('cmp.O.ALK1', 'distilled', ALK1), { student: await o('cmp.O.S1', 'student', S1), teacher: await o('cmp.O.T1', 'teacher', T1) }, other);
});
after(async () => {
  await api.close();
});

/** Mean and sample sd (n − 1) of two numbers, written out: |a − b| / √2 is the sd of a pair. */
function pair(a: number, b: number): { n: number; mean: number; sd: number } {
  return { n: 2, mean: (a + b) / 2, sd: Math.abs(a - b) / Math.SQRT2 };
}

function assertSpread(actual: ComparedVariant['recall10'], expected: { n: number; mean: number; sd: number | null } | null, what: string): void {
  if (expected === null || actual === null) {
    assert.deepEqual(actual, expected, what);
    return;
  }
  assert.equal(actual.n, expected.n, what);
  assert.ok(Math.abs(actual.mean - expected.mean) < 1e-12, `${what}: mean ${actual.mean}, expected ${expected.mean}`);
  if (expected.sd === null) assert.equal(actual.sd, null, what);
  else assert.ok(actual.sd !== null && Math.abs(actual.sd - expected.sd) < 1e-12, `${what}: sd ${actual.sd}, expected ${expected.sd}`);
}

async function compare(query: string): Promise<Comparison> {
  const response = await get(`/v1/compare?${query}`);
  assert.equal(response.statusCode, 200, response.body);
  return Comparison.parse(response.json());
}

const variantOf = (comparison: Comparison, variant: string): ComparedVariant => {
  const found = comparison.variants.find((v) => v.variant === variant);
  assert.ok(found, variant);
  return found;
};

describe('GET /v1/compare', () => {
  it('aggregates mean ± sample sd over two seeds per variant, from the SUCCEEDED runs of the budget, uncapped', async () => {
    const body = await compare(`dataset=${PAPER}&backbone=fpmc`);
    assert.deepEqual([body.dataset, body.backbone, body.budget, body.maxSteps], [PAPER, 'fpmc', 500, null]);
    assert.deepEqual(body.variants.map((v) => v.variant), ['student', 'teacher', 'alkdrec', 'random', 'easiest', 'hardest', 'rad-bc', 'tr']);
    const expected: Record<string, { seeds: number[]; recall10: ReturnType<typeof pair> | { n: number; mean: number; sd: null } | null; ndcg10: ReturnType<typeof pair> | { n: number; mean: number; sd: null } | null }> = {
      // The seed-1 student and teacher are shared by the alkdrec and random runs: once per seed.
      student: { seeds: [1, 2], recall10: pair(S1.recall10, S2.recall10), ndcg10: pair(S1.ndcg10, S2.ndcg10) },
      teacher: { seeds: [1, 2], recall10: pair(T1.recall10, T2.recall10), ndcg10: pair(T1.ndcg10, T2.ndcg10) },
      alkdrec: { seeds: [1, 2], recall10: pair(ALK1.recall10, ALK2.recall10), ndcg10: pair(ALK1.ndcg10, ALK2.ndcg10) },
      random: { seeds: [1, 2], recall10: pair(RND1.recall10, RND2.recall10), ndcg10: pair(RND1.ndcg10, RND2.ndcg10) },
      // Only a RUNNING easiest run: nothing yet.
      easiest: { seeds: [], recall10: null, ndcg10: null },
      hardest: { seeds: [], recall10: null, ndcg10: null },
      'rad-bc': { seeds: [], recall10: null, ndcg10: null },
      tr: { seeds: [1], recall10: { n: 1, mean: TR1.recall10, sd: null }, ndcg10: { n: 1, mean: TR1.ndcg10, sd: null } },
    };
    for (const [variant, want] of Object.entries(expected)) {
      const got = variantOf(body, variant);
      assert.deepEqual(got.seeds, want.seeds, variant);
      assertSpread(got.recall10, want.recall10, `${variant} recall10`);
      assertSpread(got.ndcg10, want.ndcg10, `${variant} ndcg10`);
    }
    // The figures written out once, so a wrong formula in `pair` cannot hide one in the route.
    assertSpread(variantOf(body, 'alkdrec').recall10, { n: 2, mean: 0.02, sd: 0.0028284271247461905 }, 'alkdrec recall10, by hand');
    assertSpread(variantOf(body, 'student').ndcg10, { n: 2, mean: 0.005, sd: 0.0014142135623730952 }, 'student ndcg10, by hand');
  });

  it("puts the paper's Table 1 / Table 2 numbers beside each variant (REFERENCE §7, ML FPMC), and none for a dataset it did not use", async () => {
    const body = await compare(`dataset=${PAPER}&backbone=fpmc`);
    const paper = Object.fromEntries(body.variants.map((v) => [v.variant, v.paper]));
    assert.deepEqual(paper, {
      student: { recall10: 0.01055, ndcg10: 0.00415 },
      teacher: { recall10: 0.02191, ndcg10: 0.01002 },
      alkdrec: { recall10: 0.0215, ndcg10: 0.01019 },
      random: { recall10: 0.01907, ndcg10: 0.00856 },
      easiest: { recall10: 0.01623, ndcg10: 0.00693 },
      hardest: { recall10: 0.01298, ndcg10: 0.00639 },
      'rad-bc': { recall10: 0.0142, ndcg10: 0.00658 },
      tr: { recall10: 0.01907, ndcg10: 0.00897 },
    });
    const stamp = await compare(`dataset=${PAPER}&backbone=stamp`);
    assert.deepEqual(variantOf(stamp, 'tr').paper, { recall10: 0.01055, ndcg10: 0.00476 });
    assert.deepEqual(variantOf(stamp, 'student').recall10, { n: 1, mean: 0.5, sd: null }, 'the stamp run alone');

    const other = await compare(`dataset=${OTHER}&backbone=fpmc`);
    assert.deepEqual(other.variants.map((v) => v.paper), other.variants.map(() => null));
    assertSpread(variantOf(other, 'alkdrec').recall10, { n: 1, mean: ALK1.recall10, sd: null }, 'other dataset alkdrec');
  });

  it('takes another budget and the capped runs when asked', async () => {
    const b20 = await compare(`dataset=${PAPER}&backbone=fpmc&budget=20`);
    assert.deepEqual([variantOf(b20, 'alkdrec').seeds, variantOf(b20, 'alkdrec').recall10], [[3], { n: 1, mean: 0.5, sd: null }]);
    assert.deepEqual(variantOf(b20, 'random').seeds, []);
    assert.deepEqual(variantOf(b20, 'tr').seeds, [1], 'tr has no budget of its own');
    assert.deepEqual(variantOf(b20, 'student').seeds, [1, 3], 'the tr run of seed 1 and the alkdrec run of seed 3');

    const capped = await compare(`dataset=${PAPER}&backbone=fpmc&maxSteps=20`);
    assert.equal(capped.maxSteps, 20);
    assert.deepEqual(variantOf(capped, 'alkdrec').recall10, { n: 1, mean: 0.03, sd: null });
    assert.deepEqual(variantOf(capped, 'student').ndcg10, { n: 1, mean: 0.0005, sd: null });
    assert.deepEqual(variantOf(capped, 'tr').seeds, []);
  });

  it('answers an empty comparison (no seeds, the paper beside) for a dataset with no runs, without a token', async () => {
    const body = await compare('dataset=no-runs-here&backbone=attmix');
    assert.ok(body.variants.every((v) => v.seeds.length === 0 && v.recall10 === null && v.ndcg10 === null));
  });

  for (const [query, fields] of [
    ['backbone=fpmc', ['query.dataset']],
    [`dataset=${PAPER}`, ['query.backbone']],
    [`dataset=${PAPER}&backbone=gru4rec`, ['query.backbone']],
    [`dataset=Not%20One&backbone=fpmc`, ['query.dataset']],
    [`dataset=${PAPER}&backbone=fpmc&budget=0`, ['query.budget']],
    [`dataset=${PAPER}&backbone=fpmc&budget=many`, ['query.budget']],
    [`dataset=${PAPER}&backbone=fpmc&maxSteps=0`, ['query.maxSteps']],
    [`dataset=${PAPER}&backbone=fpmc&seed=1`, ['query.seed']],
  ] as const) {
    it(`refuses ${query}: 400 naming ${fields.join(', ')}`, async () => {
      expectProblem(await get(`/v1/compare?${query}`), 'validation', fields);
    });
  }
});
