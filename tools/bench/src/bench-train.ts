/**
 * `npm run bench:train`: milliseconds per training step and per full evaluation pass for each
 * backbone at d=10 and d=100 on movielens-hetrec2011, then one complete FPMC student training with
 * its wall time against the reference code's 637 s on this machine (target: at most 1/5 of it).
 *
 * Options (env): BENCH_DATASET (default movielens-hetrec2011), BENCH_STEPS (timed steps, default 30),
 * BENCH_FULL=0 to skip the full training run, BENCH_BACKBONES (fpmc,stamp,attmix) to time fewer.
 */
import {
  defaultTrainOptions, disposeModel, evaluateModel, initBackend, nextItemExamples, trainModel, type BackboneName,
} from '@alkdrec/models';
import { loadBundledSplits } from './load-bundled-splits';
import { textTable } from '@alkdrec/text-table';

const REFERENCE_FPMC_STUDENT_SECONDS = 637;

async function main(): Promise<void> {
  const datasetName = process.env['BENCH_DATASET'] ?? 'movielens-hetrec2011';
  const timedSteps = Number(process.env['BENCH_STEPS'] ?? 30);
  const backend = await initBackend((process.env['TF_BACKEND'] as 'auto' | undefined) ?? 'auto');
  const splits = await loadBundledSplits(datasetName);
  console.log(`bench:train on ${datasetName} (${splits.itemCount} items, ${splits.train.length} train / ${splits.valid.length} valid sessions), backend ${backend}, batch 1024`);

  const rows: string[][] = [];
  const backbones = (process.env['BENCH_BACKBONES'] ?? 'fpmc,stamp,attmix').split(',').map((name) => name.trim()) as BackboneName[];
  for (const backbone of backbones) {
    for (const role of ['student', 'teacher'] as const) {
      const base = { ...defaultTrainOptions(backbone, role, 1), evalEvery: 1_000_000 };
      // Warm-up (kernel compilation, allocator growth) is not what we want to time.
      const warm = await trainModel({ itemCount: splits.itemCount, examples: nextItemExamples(splits.train), valid: splits.valid.slice(0, 10) }, { ...base, maxSteps: 3 });
      disposeModel(warm.model);
      const run = await trainModel({ itemCount: splits.itemCount, examples: nextItemExamples(splits.train), valid: splits.valid.slice(0, 10) }, { ...base, maxSteps: timedSteps });
      const evaluation = evaluateModel(run.model, splits.valid);
      disposeModel(run.model);
      rows.push([backbone, String(base.dim), (run.stepMs / timedSteps).toFixed(1), evaluation.wallMs.toFixed(0)]);
      console.log(`  ${backbone} d=${base.dim}: done`);
    }
  }
  console.log();
  console.log(textTable([['backbone', 'd', 'ms/step', `ms/eval pass (${splits.valid.length} sessions)`], ...rows], { ruleUnderHeader: true }));

  if (process.env['BENCH_FULL'] !== '0') {
    console.log(`\nfull FPMC student training on ${datasetName} (seed 1, reference settings):`);
    const out = await trainModel(
      { itemCount: splits.itemCount, examples: nextItemExamples(splits.train), valid: splits.valid },
      defaultTrainOptions('fpmc', 'student', 1),
    );
    const test = evaluateModel(out.model, splits.test);
    disposeModel(out.model);
    const seconds = out.wallMs / 1000;
    console.log(textTable(
      [
        ['steps', 'best step', 'wall s', 'vs reference 637 s', 'test R@10', 'test N@10'],
        [String(out.steps), String(out.bestStep), seconds.toFixed(1), `${(seconds / REFERENCE_FPMC_STUDENT_SECONDS * 100).toFixed(1)}%`,
          test.metrics.recall10.toFixed(5), test.metrics.ndcg10.toFixed(5)],
      ],
      { ruleUnderHeader: true },
    ));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
