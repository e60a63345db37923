import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ExperimentGrid, experimentRuns, runIdOf, type RunState } from '@alkdrec/contracts';
import { formatExperimentSummary, summariseExperiment } from './experiment-summary';

describe('summariseExperiment', () => {
  it('counts succeeded runs per dataset × backbone and lists the others with why', () => {
    const grid = ExperimentGrid.parse({ name: 'g', datasets: ['a'], backbones: ['fpmc', 'stamp'], variants: ['student', 'random', 'tr'], seeds: [1] });
    const specs = experimentRuns(grid);
    const ids = specs.map(runIdOf);
    const states = new Map<string, RunState | undefined>([[ids[0]!, 'SUCCEEDED'], [ids[1]!, 'SUCCEEDED'], [ids[2]!, 'FAILED'], [ids[3]!, undefined]]);
    const summary = summariseExperiment(grid, specs, states, new Map([[ids[2]!, 'distill: out of memory']]));
    assert.equal(summary.succeeded, 2);
    assert.deepEqual(summary.cells, [
      { dataset: 'a', backbone: 'fpmc', succeeded: 2, runs: 2 },
      { dataset: 'a', backbone: 'stamp', succeeded: 0, runs: 2 },
    ]);
    assert.deepEqual(summary.failed, [
      { runId: ids[2], state: 'FAILED', error: 'distill: out of memory' },
      { runId: ids[3], state: 'not submitted', error: '' },
    ]);
    const text = formatExperimentSummary(summary, 'grids/g.json');
    assert.match(text, /experiment g: 2 of 4 runs succeeded/);
    assert.match(text, /a\.stamp\.random\.replay\.b500\.s1: failed — distill: out of memory/);
    assert.match(text, /alkdrec report --grid grids\/g\.json/);
  });
});
