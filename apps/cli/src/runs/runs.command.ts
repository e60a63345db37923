import { RunListQuery, type RunListItem, type RunListPage } from '@alkdrec/contracts';
import { RunRepository } from '@alkdrec/db';
import { textTable } from '@alkdrec/text-table';
import { printResult, type CliContext } from '../commands/cli-context';
import { prepareDatabase } from '../dataset/prepare-database';

const DEFAULT_LIMIT = RunListQuery.parse({}).limit;

/**
 * `alkdrec runs`: the run list from the read model (PostgreSQL only, no Redis), newest first,
 * filtered by dataset, strategy and state, a page at a time (--limit, then --cursor from the
 * footer, or --offset).
 */
export async function runsCommand(ctx: CliContext, query: RunListQuery, json: boolean): Promise<void> {
  const prisma = await prepareDatabase(ctx, (text) => ctx.stderr.write(`[runs] ${text}\n`));
  try {
    const page = await new RunRepository(prisma).list(query);
    printResult(ctx, json, { command: 'runs', result: page }, formatRunList(page, query));
  } finally {
    await prisma.$disconnect();
  }
}

/** One line per run: id, state, stage, when it was created, the distilled student's test R@10. */
export function formatRunList(page: RunListPage, query: RunListQuery): string {
  if (page.runs.length === 0) return page.total === 0 ? 'no runs' : `no runs on this page (${page.total} in all)`;
  const rows = page.runs.map((run) => [run.id, run.state, stageOf(run), run.createdAt.slice(0, 19).replace('T', ' '), run.distilled ? run.distilled.test.recall10.toFixed(5) : '–']);
  const first = (query.offset ?? 0) + 1;
  const range = query.cursor === undefined ? `${first}–${first + page.runs.length - 1} of ${page.total}` : `${page.runs.length} more of ${page.total}`;
  const next = page.next ? `; next page: alkdrec runs ${nextFlags(query)}--cursor ${page.next}` : '';
  return `${textTable([['run', 'state', 'stage', 'created (UTC)', 'distilled R@10'], ...rows], { leftAligned: [1, 2] })}\n\nruns ${range}${next}`;
}

/** "3/7 predict" while running or where it stopped; "7/7" once every stage succeeded. */
function stageOf(run: RunListItem): string {
  if (run.stagesSucceeded === run.stageCount) return `${run.stageCount}/${run.stageCount}`;
  const where = run.stage ?? 'not started';
  const progress = run.state === 'RUNNING' && run.progress ? ` (${run.progress.done}/${run.progress.total})` : '';
  return `${run.stagesSucceeded}/${run.stageCount} ${where}${progress}`;
}

/** The filters of this page again, for the next page's command line. */
function nextFlags(query: RunListQuery): string {
  const flags = [
    query.dataset === undefined ? '' : `--dataset ${query.dataset} `,
    query.strategy === undefined ? '' : `--strategy ${query.strategy} `,
    query.state === undefined ? '' : `--state ${query.state.toLowerCase()} `,
    query.limit === DEFAULT_LIMIT ? '' : `--limit ${query.limit} `,
  ];
  return flags.join('');
}
