import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createPrismaClient } from '@alkdrec/db';
import { buildReport, replaceSection } from '@alkdrec/report';
import { CliError, ExitCode } from '../cli-error';
import type { CliContext } from '../commands/cli-context';
import { redactUrl } from '../config/cli-env.schema';
import { resolveGrid, type GridSource } from '../experiment/resolve-grid';
import { loadReportInput } from './load-report-input';
import { writeFilesAtomically } from './write-files-atomically';

export interface ReportOptions {
  grid: GridSource;
  /** Where results.md and figures/ live (default: the repository's docs/). */
  outDir?: string;
}

/**
 * `alkdrec report --grid paper|quick|<file>`: reads the grid's runs from PostgreSQL (read only:
 * no migration, no write) and writes its section of <out>/results.md — between its markers, the
 * rest of the file untouched — and <out>/figures/<grid>-*.svg, all written atomically.
 */
export async function reportCommand(ctx: CliContext, options: ReportOptions): Promise<void> {
  const grid = resolveGrid(options.grid);
  const outDir = resolve(options.outDir ?? join(ctx.repoRoot, 'docs'));
  const prisma = createPrismaClient({ databaseUrl: ctx.config.DATABASE_URL, schema: ctx.config.DATABASE_SCHEMA });
  let input;
  try {
    input = await loadReportInput(prisma, grid);
  } catch (error) {
    throw new CliError(`cannot read the runs from PostgreSQL at ${redactUrl(ctx.config.DATABASE_URL)} (schema ${ctx.config.DATABASE_SCHEMA}): ${(error as Error).message}`, ExitCode.Unavailable);
  } finally {
    await prisma.$disconnect();
  }
  const source = options.grid.kind === 'file' ? options.grid.path : options.grid.name;
  const report = buildReport(input, `alkdrec report --grid ${source}`);
  const resultsPath = join(outDir, 'results.md');
  const current = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '';
  let updated: string;
  try {
    updated = replaceSection(current, grid.name, report.markdown);
  } catch (error) {
    throw new CliError(`${resultsPath}: ${(error as Error).message}`, ExitCode.BadInput);
  }
  writeFilesAtomically([{ path: resultsPath, content: updated }, ...report.figures.map((f) => ({ path: join(outDir, 'figures', f.file), content: f.svg }))]);
  const done = input.cells.filter((c) => c.runStatus === 'SUCCEEDED' && c.evaluation).length;
  ctx.stdout.write(`report ${grid.name}: ${done} of ${input.cells.length} cells done; wrote ${relative(process.cwd(), resultsPath) || resultsPath} and ${report.figures.length} figures under ${relative(process.cwd(), join(outDir, 'figures')) || 'figures'}\n`);
}
