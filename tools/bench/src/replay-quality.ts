/**
 * `npm run quality:replay`: the quality of the recorded GPT-4-turbo rankings bundled with each
 * dataset — the share of recorded answers with the true next item in the top 25, in the top 5, and
 * first — computed from the files (the shared README's table: 52.9 / 15.2 / 5.2 % on MovieLens,
 * 53.3 / 20.2 / 6.7 % on Games).
 */
import { listBundledDatasets } from '@alkdrec/db';
import { recordedQualityOf } from './recorded-quality-of';
import { textTable } from '@alkdrec/text-table';

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const rows: string[][] = [];
  for (const name of listBundledDatasets()) {
    const quality = await recordedQualityOf(name);
    rows.push([
      name, String(quality.count), percent(quality.inTop25), percent(quality.inTop5), percent(quality.first),
      String(quality.emptyRankings), String(quality.nextRankDisagreements),
    ]);
  }
  console.log(textTable([['dataset', 'recorded', 'in top-25', 'in top-5', 'first', 'empty answers', 'nextRank disagreements'], ...rows], { ruleUnderHeader: true }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
