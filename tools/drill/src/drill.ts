import { join } from 'node:path';
import { buildDrillDataset, loadMovieLens, writeDrillDataset } from './drill-dataset';
import type { DrillOptions } from './drill-options';
import { runScenario, type ScenarioRun } from './run-scenario';
import { failedChecks } from './scenario-checks';
import { SCENARIOS } from './scenarios';

export interface DrillResult {
  runs: ScenarioRun[];
  /** Scenario a: the undisturbed run every other is compared with. */
  baseline: ScenarioRun;
  /** Failed checks over all scenarios (0: the drill passed). */
  failures: number;
}

/**
 * `npm run drill`: builds the drill's dataset once, then runs the chosen scenarios one after the
 * other, each from nothing (its own schema, Redis, simulated server and services), scenario a
 * first. `progress` gets a line when each scenario starts and ends.
 */
export async function runDrill(options: DrillOptions, progress: (line: string) => void): Promise<DrillResult> {
  const stamp = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const dataset = buildDrillDataset(await loadMovieLens(), options.dataset);
  const files = await writeDrillDataset(join(options.outDir, 'dataset'), dataset);
  const copies = dataset.repeatedGroups.reduce((n, rows) => n + rows.length - 1, 0);
  progress(
    `dataset: ${dataset.items.length} MovieLens items, ${dataset.sessions.length} sessions, ${dataset.repeatedGroups.length} training sessions ` +
      `repeated exactly (${copies} copies) — ${files.sessionsPath}`,
  );
  const runs: ScenarioRun[] = [];
  for (const name of options.scenarios) {
    const scenario = SCENARIOS[name];
    progress(`scenario ${name}: ${scenario.title} …`);
    const run = await runScenario(scenario, { options, dataset: files, stamp });
    runs.push(run);
    const baseline = runs[0] as ScenarioRun;
    const failed = failedChecks(run, baseline);
    progress(`scenario ${name}: ${run.completed ? 'completed' : 'NOT completed'} in ${Math.round(run.wallMs / 1000)} s, ${failed.length === 0 ? 'all checks passed' : `${failed.length} checks FAILED`}`);
  }
  const baseline = runs[0] as ScenarioRun;
  return { runs, baseline, failures: runs.reduce((n, run) => n + failedChecks(run, baseline).length, 0) };
}
