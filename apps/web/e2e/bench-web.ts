import { RunSpec, runIdOf, stagesOf } from '@alkdrec/contracts';
import { launchChromium, startDashboardStack } from './dashboard-stack';

/**
 * `npm run bench:web`: the runs page's first render with 1,000 runs in the database. The api (a real
 * process, its built assets) on a fresh schema holding 1,000 finished runs — each with its seven
 * stages and three tested models — and headless Chromium loading `/#/runs` in a fresh context:
 * the time from navigation start until the table shows its first page (50 rows), three times;
 * the median is printed. A figure, not a test: the machine is shared.
 */
const RUNS = 1000;
const ROUNDS = 3;

async function main(): Promise<void> {
  const stack = await startDashboardStack({ services: false });
  try {
    await seedRuns(stack.db.prisma);
    {
      const figures: { render: number; list: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // A new browser and profile each time: a cold load, nothing cached.
        const { context, close } = await launchChromium();
        const page = await context.newPage();
        await page.goto(`${stack.url}/#/runs`);
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="runs-table"] tbody tr').length === 50, undefined, { timeout: 30_000 });
        const render = await page.evaluate(() => performance.now());
        const list = await page.evaluate(() => {
          const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('/v1/runs?')) as PerformanceResourceTiming | undefined;
          return entry ? entry.responseEnd - entry.requestStart : Number.NaN;
        });
        const total = await page.getByText(`${RUNS.toLocaleString('en-US')} runs`).count();
        if (total !== 1) throw new Error('the page does not say it has 1,000 runs');
        figures.push({ render, list });
        await close();
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
      console.log(`runs page, ${RUNS} runs in the database, first page of 50 rendered (from navigation start), ${ROUNDS} cold loads:`);
      for (const [i, f] of figures.entries()) console.log(`  load ${i + 1}: ${f.render.toFixed(0)} ms (GET /v1/runs ${f.list.toFixed(0)} ms)`);
      console.log(`median first render: ${median(figures.map((f) => f.render)).toFixed(0)} ms; median GET /v1/runs?limit=50: ${median(figures.map((f) => f.list)).toFixed(0)} ms`);
    }
  } finally {
    await stack.close();
  }
}

/** 1,000 SUCCEEDED runs over the six strategies and many seeds, with stages, models and test metrics. */
async function seedRuns(prisma: Awaited<ReturnType<typeof startDashboardStack>>['db']['prisma']): Promise<void> {
  const dataset = await prisma.dataset.create({
    data: { name: 'bench-web', itemCount: 100, rowCount: 0, droppedRows: 0, droppedItems: 0, trainCount: 0, validCount: 0, testCount: 0, source: {} },
    select: { id: true },
  });
  const strategies = ['alkdrec', 'random', 'easiest', 'hardest', 'rad-bc', 'tr'] as const;
  const runs = [];
  const stages = [];
  const models = [];
  const evaluations = [];
  const start = Date.now() - RUNS * 60_000;
  for (let i = 0; i < RUNS; i++) {
    const spec = RunSpec.parse({ dataset: 'bench-web', backbone: 'fpmc', strategy: strategies[i % strategies.length], budget: 20, seed: i, maxSteps: 20 });
    const id = runIdOf(spec);
    const createdAt = new Date(start + i * 60_000);
    const finishedAt = new Date(createdAt.getTime() + 45_000);
    const ids = { teacherModelId: `${id}.T`, studentModelId: `${id}.S`, distilledModelId: `${id}.D` };
    runs.push({ id, datasetId: dataset.id, backbone: spec.backbone, strategy: spec.strategy, provider: spec.provider, budget: spec.budget, seed: spec.seed, spec, status: 'SUCCEEDED' as const, createdAt, finishedAt, ...ids });
    for (const name of stagesOf(spec.strategy)) {
      stages.push({ runId: id, name, status: 'SUCCEEDED' as const, attempts: 1, startedAt: createdAt, finishedAt, wallMs: 5000, detail: `${name} (bench)` });
    }
    for (const [modelId, role, dim] of [[ids.teacherModelId, 'teacher', 100], [ids.studentModelId, 'student', 10], [ids.distilledModelId, 'distilled', 10]] as const) {
      models.push({ id: modelId, datasetId: dataset.id, backbone: 'fpmc', role, dim, seed: spec.seed, config: {}, status: 'READY' as const });
      evaluations.push({ modelId, split: 'TEST' as const, sessionCount: 100, recall5: 0.01, ndcg5: 0.005, recall10: 0.02 + (i % 7) / 1000, ndcg10: 0.008, ranks: [0], wallMs: 1 });
    }
  }
  await prisma.model.createMany({ data: models });
  await prisma.evaluation.createMany({ data: evaluations });
  await prisma.run.createMany({ data: runs });
  await prisma.runStage.createMany({ data: stages });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
