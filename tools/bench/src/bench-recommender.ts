/**
 * `npm run bench:recommender` (or `node tools/bench/dist/bench-recommender.js` after a build):
 * microseconds per `Recommender.recommend` call — encode one session in plain JS, score every item
 * against the [itemCount × 10] matrix, keep the top 10 with the session's items excluded — for each
 * backbone on both bundled catalogues. Sessions are the datasets' real test sessions; the weights
 * are random (synthetic checkpoints): the cost of scoring does not depend on what was learned.
 *
 * Options (env): BENCH_CALLS (timed calls per row, default 5000), BENCH_K (default 10).
 */
import { Backbone } from '@alkdrec/contracts';
import { Recommender } from '@alkdrec/serving';
import { syntheticCheckpoint } from '@alkdrec/serving/testing';
import { textTable } from '@alkdrec/text-table';
import { loadBundledSplits } from './load-bundled-splits';

const DATASETS = ['movielens-hetrec2011', 'amazon-games'] as const;
const DIM = 10;

async function main(): Promise<void> {
  const calls = Number(process.env['BENCH_CALLS'] ?? 5000);
  const k = Number(process.env['BENCH_K'] ?? 10);
  console.log(`bench:recommender: ${calls} timed calls per row, k = ${k}, d = ${DIM}, session items excluded; node ${process.version}`);
  const rows: string[][] = [];
  for (const dataset of DATASETS) {
    const splits = await loadBundledSplits(dataset);
    const sessions = splits.test.map((s) => s.items);
    for (const backbone of Backbone.options) {
      const recommender = Recommender.fromCheckpoint(syntheticCheckpoint(backbone, { itemCount: splits.itemCount, dim: DIM, maxLength: 10 }, 1));
      const call = (i: number) => {
        const items = sessions[i % sessions.length] as number[];
        return recommender.recommend(items, k, new Set(items));
      };
      for (let i = 0; i < Math.min(1000, calls); i++) call(i); // warm-up: let V8 optimise the loops
      const times = new Float64Array(calls);
      let checksum = 0;
      const started = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) {
        const t0 = process.hrtime.bigint();
        checksum += call(i)[0]?.index ?? 0;
        times[i] = Number(process.hrtime.bigint() - t0) / 1000;
      }
      const totalUs = Number(process.hrtime.bigint() - started) / 1000;
      times.sort();
      const at = (q: number) => (times[Math.min(calls - 1, Math.floor(q * calls))] as number).toFixed(0);
      rows.push([dataset, String(splits.itemCount), backbone, (totalUs / calls).toFixed(0), at(0.5), at(0.99), (times[calls - 1] as number).toFixed(0)]);
      if (checksum < 0) console.log(checksum); // keeps the results alive
    }
  }
  console.log();
  console.log(textTable([['dataset', 'items', 'backbone', 'µs/call mean', 'p50', 'p99', 'max'], ...rows], { ruleUnderHeader: true }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
