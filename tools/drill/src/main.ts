/**
 * `npm run drill`: trust under faults (issue 8, item 9). Real processes on loopback — a trainer,
 * two llm-workers and a selector — over the local PostgreSQL and a Redis of the drill's own, the
 * `anthropic` provider against the SIMULATED server (tools/fake-llm) under a fault mix; one run per
 * scenario, disturbed at its moment, compared with the undisturbed run. See docs/reliability.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runDrill } from './drill';
import { defaultDrillOptions, DRILL_USAGE, DrillUsageError, parseDrillArgs } from './drill-options';
import { formatDrillReport, markdownTable } from './drill-report';

async function main(): Promise<void> {
  const options = parseDrillArgs(process.argv.slice(2), defaultDrillOptions(join(__dirname, '..', '..', '..')));
  await mkdir(options.outDir, { recursive: true });
  const faults = Object.entries(options.faults).map(([flag, p]) => `${flag} ${(p * 100).toFixed(0)} %`).join(', ');
  const log = (line: string) => process.stderr.write(`drill: ${line}\n`);
  log(`scenarios ${options.scenarios.join(',')}; budget ${options.budget}, seed ${options.seed}, max steps ${options.maxSteps}; simulated server ${options.latencyMs} ms, ${faults}; LLM_TIMEOUT_MS ${options.llmTimeoutMs}`);
  const { runs, baseline, failures } = await runDrill(options, log);
  const report = formatDrillReport(runs, baseline);
  await writeFile(join(options.outDir, 'report.txt'), `${report}\n`);
  await writeFile(join(options.outDir, 'report.md'), `${markdownTable(runs, baseline)}\n`);
  console.log(report);
  console.log(`\nlogs and results: ${options.outDir}`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  if (error instanceof DrillUsageError) {
    if (error.message) console.error(`drill: ${error.message}\n`);
    console.error(DRILL_USAGE);
    process.exit(2);
  }
  console.error(`drill failed: ${(error as Error)?.stack ?? String(error)}`);
  process.exit(1);
});
