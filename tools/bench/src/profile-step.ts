/**
 * `npm run bench:profile -- [backbone] [dim]`: where one training step's time goes, by TensorFlow.js
 * kernel, on MovieLens (batch 1,024). Each kernel of the active backend is wrapped with a timer for
 * the profiled steps; what no kernel accounts for (batch assembly on the host, the tape, the fused
 * Adam update, garbage collection) is printed as "outside kernels". docs/models.md quotes it.
 *
 * Options: backbone (fpmc | stamp | attmix, default fpmc), dim (default 100); env BENCH_STEPS (20),
 * BENCH_DATASET (movielens-hetrec2011), TF_BACKEND (auto).
 */
import { defaultTrainOptions, disposeModel, initBackend, nextItemExamples, trainModel, type BackboneName } from '@alkdrec/models';
import { tf } from '@alkdrec/models/dist/tf';
import { textTable } from '@alkdrec/text-table';
import { loadBundledSplits } from './load-bundled-splits';

async function main(): Promise<void> {
  const backbone = (process.argv[2] ?? 'fpmc') as BackboneName;
  const dim = Number(process.argv[3] ?? 100);
  const steps = Number(process.env['BENCH_STEPS'] ?? 20);
  const backend = await initBackend((process.env['TF_BACKEND'] as 'auto' | undefined) ?? 'auto');
  const splits = await loadBundledSplits(process.env['BENCH_DATASET'] ?? 'movielens-hetrec2011');
  const options = { ...defaultTrainOptions(backbone, dim >= 50 ? 'teacher' : 'student', 1), dim, evalEvery: 1e9 };
  const input = { itemCount: splits.itemCount, examples: nextItemExamples(splits.train), valid: splits.valid.slice(0, 10) };
  disposeModel((await trainModel(input, { ...options, maxSteps: 3 })).model); // warm-up

  const kernels = timeKernels(backend);
  const run = await trainModel(input, { ...options, maxSteps: steps });
  disposeModel(run.model);
  const stepMs = run.stepMs / steps;
  const rows = [...kernels.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const inKernels = rows.reduce((sum, [, r]) => sum + r.ms, 0) / steps;
  console.log(`${backbone} d=${dim} on ${backend}: ${stepMs.toFixed(1)} ms/step over ${steps} steps (kernels timed)\n`);
  console.log(textTable(
    [
      ['kernel', 'ms/step', 'calls/step', 'share'],
      ...rows.filter(([, r]) => r.ms / steps >= 0.05).map(([name, r]) => [name, (r.ms / steps).toFixed(2), (r.calls / steps).toFixed(0), `${((r.ms / steps / stepMs) * 100).toFixed(0)}%`]),
      ['(outside kernels)', (stepMs - inKernels).toFixed(2), '', `${(((stepMs - inKernels) / stepMs) * 100).toFixed(0)}%`],
    ],
    { ruleUnderHeader: true },
  ));
}

/** Wraps every registered kernel of the backend with a timer; returns the running totals. */
function timeKernels(backend: string): Map<string, { ms: number; calls: number }> {
  const totals = new Map<string, { ms: number; calls: number }>();
  for (const config of tf.getKernelsForBackend(backend)) {
    const kernelFunc = config.kernelFunc;
    const timed: tf.KernelFunc = (args) => {
      const started = performance.now();
      try {
        return kernelFunc(args);
      } finally {
        const total = totals.get(config.kernelName) ?? { ms: 0, calls: 0 };
        total.ms += performance.now() - started;
        total.calls++;
        totals.set(config.kernelName, total);
      }
    };
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel({ ...config, kernelFunc: timed });
  }
  return totals;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
