import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode, UsageError } from '../cli-error';
import { flagName } from './contract-flags';
import { parseCommandLine } from './parse-command-line';

function parse(...args: string[]) {
  let out = '';
  const { command, verbose } = parseCommandLine(args, { writeOut: (text) => (out += text) });
  return { command, out, verbose };
}

function usageError(args: string[], pattern: RegExp): void {
  assert.throws(
    () => parse(...args),
    (error: unknown) => {
      assert.ok(error instanceof UsageError, `not a usage error: ${String(error)}`);
      assert.equal(error.exitCode, ExitCode.Usage);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

const TRAIN = ['train', '--dataset', 'movielens-hetrec2011', '--backbone', 'fpmc', '--role', 'student'];

describe(parseCommandLine.name, () => {
  describe('experiment', () => {
    it('takes a built-in grid or a file, comma-separated narrowing, trainers and the window', () => {
      assert.deepEqual(parse('experiment', '--grid', 'paper').command, {
        command: 'experiment',
        options: { grid: { kind: 'built-in', name: 'paper' }, narrowing: {}, run: { json: false, spawn: true } },
      });
      const { command } = parse('experiment', '--grid', 'grids/mine.json', '--backbones', 'fpmc, stamp', '--seeds', '1,2', '--datasets', 'a', '--trainers', '3', '--in-flight', '5', '--json');
      assert.deepEqual(command, {
        command: 'experiment',
        options: {
          grid: { kind: 'file', path: 'grids/mine.json' },
          narrowing: { datasets: ['a'], backbones: ['fpmc', 'stamp'], seeds: [1, 2] },
          trainers: 3,
          inFlight: 5,
          run: { json: true, spawn: true },
        },
      });
    });

    it('refuses a grid-less command, an unknown backbone and a seed that is not an integer', () => {
      usageError(['experiment'], /--grid <grid>' not specified/);
      usageError(['experiment', '--grid', 'paper', '--backbones', 'fpmc,bert'], /--backbones: "bert" is not a backbone \(fpmc, stamp, attmix\)/);
      usageError(['experiment', '--grid', 'paper', '--seeds', '1,x'], /--seeds <list>' argument 'x' is invalid|expected an integer/);
      usageError(['experiment', '--grid', 'paper', '--trainers', '0'], /expected an integer from 1 to 64/);
    });
  });

  describe('train', () => {
    it('fills the contract defaults, seed 1, and spawning on', () => {
      const { command } = parse(...TRAIN);
      assert.deepEqual(command, {
        command: 'train',
        spec: {
          dataset: 'movielens-hetrec2011',
          backbone: 'fpmc',
          role: 'student',
          seed: 1,
          batchSize: 1024,
          learningRate: 0.001,
          maxSteps: 10_000,
          evalEvery: 20,
        },
        run: { json: false, spawn: true },
      });
    });

    it('takes every tuning flag, --json and --no-spawn', () => {
      const { command } = parse(
        ...TRAIN,
        ...['--seed', '7', '--dim', '32', '--negatives', 'uniform-bce', '--max-steps', '200', '--patience', '3'],
        ...['--batch-size', '256', '--learning-rate', '5e-4', '--eval-every', '10', '--json', '--no-spawn'],
      );
      assert.equal(command.command, 'train');
      if (command.command !== 'train') return;
      assert.deepEqual(command.spec, {
        dataset: 'movielens-hetrec2011',
        backbone: 'fpmc',
        role: 'student',
        seed: 7,
        dim: 32,
        negatives: 'uniform-bce',
        maxSteps: 200,
        patience: 3,
        batchSize: 256,
        learningRate: 0.0005,
        evalEvery: 10,
      });
      assert.deepEqual(command.run, { json: true, spawn: false });
    });

    it('names the valid choices for a bad backbone, role or negative scheme', () => {
      usageError(['train', '--dataset', 'x', '--backbone', 'gru4rec', '--role', 'student'], /'gru4rec' is invalid\. Allowed choices are fpmc, stamp, attmix/);
      usageError(['train', '--dataset', 'x', '--backbone', 'fpmc', '--role', 'ta'], /Allowed choices are teacher, student/);
      usageError([...TRAIN, '--negatives', 'random'], /Allowed choices are in-batch, uniform-bce/);
    });

    it('requires dataset, backbone and role', () => {
      usageError(['train', '--backbone', 'fpmc', '--role', 'student'], /required option '--dataset <name>'/);
      usageError(['train', '--dataset', 'x', '--role', 'student'], /required option '--backbone <backbone>'/);
    });

    it('checks numbers and their ranges', () => {
      usageError([...TRAIN, '--seed', '1.5'], /--seed.*expected an integer from 0 to 2147483647/);
      usageError([...TRAIN, '--dim', '0'], /--dim.*from 1 to 1024/);
      usageError([...TRAIN, '--batch-size', 'lots'], /--batch-size/);
      usageError([...TRAIN, '--learning-rate', '-1'], /--learning-rate.*number > 0/);
    });

    it('checks the dataset name with the contract and names the flag', () => {
      usageError(['train', '--dataset', 'Movie Lens', '--backbone', 'fpmc', '--role', 'student'], /^--dataset: dataset names are lower-case/);
    });
  });

  describe('run', () => {
    const RUN = ['run', '--dataset', 'movielens-hetrec2011', '--backbone', 'fpmc'];

    it('defaults to alkdrec with the replay provider, budget 500, seed 1, no step cap, and spawning on', () => {
      assert.deepEqual(parse(...RUN).command, {
        command: 'run',
        spec: { dataset: 'movielens-hetrec2011', backbone: 'fpmc', strategy: 'alkdrec', provider: 'replay', budget: 500, seed: 1 },
        run: { json: false, spawn: true },
      });
    });

    it('takes strategy, provider, budget, seed, max steps, --json and --no-spawn', () => {
      const { command } = parse(
        ...RUN,
        ...['--strategy', 'tr', '--provider', 'anthropic', '--budget', '750', '--seed', '3', '--max-steps', '40', '--json', '--no-spawn'],
      );
      assert.deepEqual(command, {
        command: 'run',
        spec: { dataset: 'movielens-hetrec2011', backbone: 'fpmc', strategy: 'tr', provider: 'anthropic', budget: 750, seed: 3, maxSteps: 40 },
        run: { json: true, spawn: false },
      });
    });

    it('names the valid choices for a bad strategy or provider', () => {
      usageError([...RUN, '--strategy', 'x'], /'x' is invalid\. Allowed choices are alkdrec, random, easiest, hardest, rad-bc, tr/);
      usageError([...RUN, '--provider', 'x'], /'x' is invalid\. Allowed choices are anthropic, anthropic-batch, openai-compatible, replay/);
    });

    it('requires the backbone and checks the budget', () => {
      usageError(['run', '--dataset', 'movielens-hetrec2011'], /required option '--backbone <backbone>'/);
      usageError([...RUN, '--budget', '0'], /--budget.*from 1 to 20000/);
    });
  });

  describe('evaluate and predict', () => {
    it('default to the test split, the session exclusion rule and top 50', () => {
      assert.deepEqual(parse('evaluate', '--model', 'm1').command, {
        command: 'evaluate',
        payload: { modelId: 'm1', split: 'test', exclusion: 'session' },
        run: { json: false, spawn: true },
      });
      assert.deepEqual(parse('predict', '--model', 'm1', '--top-k', '25', '--json').command, {
        command: 'predict',
        payload: { modelId: 'm1', topK: 25 },
        run: { json: true, spawn: true },
      });
    });

    it("take the authors' window rule", () => {
      assert.deepEqual(parse('evaluate', '--model', 'm1', '--split', 'test', '--exclusion', 'window').command, {
        command: 'evaluate',
        payload: { modelId: 'm1', split: 'test', exclusion: 'window' },
        run: { json: false, spawn: true },
      });
    });

    it('refuse a bad split, a bad exclusion rule and a missing model', () => {
      usageError(['evaluate', '--model', 'm1', '--split', 'dev'], /Allowed choices are valid, test/);
      usageError(['evaluate', '--model', 'm1', '--exclusion', 'last10'], /Allowed choices are session, window/);
      usageError(['predict'], /required option '--model <id>'/);
      usageError(['predict', '--model', 'm', '--top-k', '501'], /--top-k.*from 1 to 500/);
    });
  });

  describe('distill', () => {
    it("takes the paper's selection with a budget, or a teacher's top-50", () => {
      assert.deepEqual(parse('distill', '--student', 's1', '--reference', 'alkdrec').command, {
        command: 'distill', studentModelId: 's1', seed: 1, source: { kind: 'reference', strategy: 'alkdrec', budget: 500 },
        run: { json: false, spawn: true },
      });
      const tr = parse('distill', '--student', 's1', '--teacher-top50', 't1', '--seed', '3').command;
      assert.deepEqual(tr, { command: 'distill', studentModelId: 's1', seed: 3, source: { kind: 'teacher-top50', teacherModelId: 't1' }, run: { json: false, spawn: true } });
    });
    it('wants exactly one source and a known strategy', () => {
      usageError(['distill', '--student', 's1'], /exactly one of --reference/);
      usageError(['distill', '--student', 's1', '--select', 'alkdrec'], /--select and --teacher go together/);
      assert.deepEqual(parse('distill', '--student', 's1', '--select', 'rad-bc', '--teacher', 't1', '--budget', '50').command, {
        command: 'distill', studentModelId: 's1', seed: 1, source: { kind: 'select', strategy: 'rad-bc', teacherModelId: 't1', budget: 50 },
        run: { json: false, spawn: true },
      });
      usageError(['distill', '--student', 's1', '--reference', 'alkdrec', '--teacher-top50', 't1'], /exactly one of --reference/);
      usageError(['distill', '--student', 's1', '--reference', 'smartest'], /smartest.*alkdrec/s);
    });
  });

  describe('export', () => {
    it('takes a model and an output directory', () => {
      assert.deepEqual(parse('export', '--model', 'm1', '--out', 'exports/m1').command, { command: 'export', modelId: 'm1', outDir: 'exports/m1', json: false });
      assert.deepEqual(parse('export', '--model', 'm1', '--out', 'x', '--json').command, { command: 'export', modelId: 'm1', outDir: 'x', json: true });
    });
    it('needs both, and neither empty', () => {
      usageError(['export', '--model', 'm1'], /required option '--out <dir>'/);
      usageError(['export', '--out', 'x'], /required option '--model <id>'/);
      usageError(['export', '--model', ' ', '--out', 'x'], /--model needs a model id/);
    });
  });

  describe('resume, cancel and runs', () => {
    const RUN_ID = 'movielens-hetrec2011.fpmc.alkdrec.replay.b500.s1';

    it('take a run id; resume follows like run, cancel prints a line or JSON', () => {
      assert.deepEqual(parse('resume', RUN_ID, '--no-spawn').command, { command: 'resume', runId: RUN_ID, run: { json: false, spawn: false } });
      assert.deepEqual(parse('cancel', RUN_ID, '--json').command, { command: 'cancel', runId: RUN_ID, json: true });
      usageError(['cancel'], /missing required argument 'run-id'/);
      usageError(['cancel', 'run;rm -rf'], /"run;rm -rf" is not a run id/);
    });

    it('lists with the read model\'s query: filters, a state in any case, paging', () => {
      assert.deepEqual(parse('runs').command, { command: 'runs', query: { limit: 20 }, json: false });
      assert.deepEqual(parse('runs', '--dataset', 'amazon-games', '--strategy', 'tr', '--state', 'cancelled', '--limit', '5', '--offset', '10', '--json').command, {
        command: 'runs',
        query: { dataset: 'amazon-games', strategy: 'tr', state: 'CANCELLED', limit: 5, offset: 10 },
        json: true,
      });
      usageError(['runs', '--state', 'done'], /Allowed choices are running, succeeded, failed, cancelled/);
      usageError(['runs', '--limit', '0'], /--limit.*expected an integer from 1 to 100/);
      usageError(['runs', '--cursor', 'abc'], /--cursor: not a cursor this service returned/);
      usageError(['runs', '--offset', '3', '--cursor', 'WyIyMDI2LTExLTI4VDAyOjAwOjAwLjAwMFoiLCJhIl0'], /--cursor: page with cursor or with offset, not both/);
    });
  });

  describe('import', () => {
    it('takes a bundled dataset or three file flags', () => {
      assert.deepEqual(parse('import', '--dataset', 'amazon-games').command, {
        command: 'import',
        source: { kind: 'bundled', dataset: 'amazon-games' },
        json: false,
      });
      assert.deepEqual(parse('import', '--name', 'mine', '--items', 'i.csv', '--sessions', 's.jsonl', '--json').command, {
        command: 'import',
        source: { kind: 'files', name: 'mine', itemsPath: 'i.csv', sessionsPath: 's.jsonl' },
        json: true,
      });
      assert.deepEqual(parse('import', '--name', 'mine', '--items', 'i.csv', '--sessions', 's.jsonl', '--metadata', 'm.json').command, {
        command: 'import',
        source: { kind: 'files', name: 'mine', itemsPath: 'i.csv', sessionsPath: 's.jsonl', metadataPath: 'm.json' },
        json: false,
      });
    });

    it("updates an imported dataset's metadata only, from its bundled file or a given one", () => {
      assert.deepEqual(parse('import', '--dataset', 'movielens-hetrec2011', '--update-metadata').command, {
        command: 'import',
        source: { kind: 'update-metadata', name: 'movielens-hetrec2011', from: { bundled: true } },
        json: false,
      });
      assert.deepEqual(parse('import', '--name', 'mine', '--metadata', 'm.json', '--update-metadata').command, {
        command: 'import',
        source: { kind: 'update-metadata', name: 'mine', from: { bundled: false, metadataPath: 'm.json' } },
        json: false,
      });
      usageError(['import', '--name', 'mine', '--update-metadata'], /needs --dataset <bundled-name>, or --name <name> and --metadata <file.json>/);
      usageError(['import', '--dataset', 'a', '--metadata', 'm.json', '--update-metadata'], /reads the bundled metadata.json/);
      usageError(['import', '--name', 'mine', '--metadata', 'm.json', '--items', 'i.csv', '--update-metadata'], /changes only the metadata; drop --items/);
    });

    it('refuses mixed or incomplete forms', () => {
      usageError(['import'], /needs --dataset <bundled-name>, or --name, --items and --sessions/);
      usageError(['import', '--dataset', 'a', '--items', 'i.csv'], /cannot be combined with --items/);
      usageError(['import', '--dataset', 'a', '--metadata', 'm.json'], /with its own metadata.json\); it cannot be combined with --metadata/);
      usageError(['import', '--name', 'mine', '--items', 'i.csv'], /needs --sessions as well/);
    });
  });

  describe('the program', () => {
    it('prints help and does nothing else for --help', () => {
      const { command, out } = parse('train', '--help');
      assert.deepEqual(command, { command: 'none' });
      assert.match(out, /--backbone <backbone>/);
      assert.match(out, /--no-spawn/);
    });

    it('lists the exit codes in --help', () => {
      const { out } = parse('--help');
      assert.match(out, /Exit codes:\n  0   done\n  1   the work failed/);
      assert.match(out, /\n  3   bad input data: /);
      assert.match(out, /\n  4   PostgreSQL or Redis cannot be reached/);
      assert.match(out, /\n  130 stopped with Ctrl-C/);
    });

    it('takes --verbose before or after the command, off by default', () => {
      assert.equal(parse(...TRAIN).verbose, false);
      assert.equal(parse('--verbose', ...TRAIN).verbose, true);
      assert.equal(parse(...TRAIN, '--verbose').verbose, true);
      assert.equal(parse(...TRAIN, '--verbose').command.command, 'train');
    });

    it('asks for a command and suggests close ones', () => {
      usageError([], /a command is required: import, run, experiment, resume, cancel, runs, train, evaluate, predict, distill/);
      usageError(['trian'], /unknown command 'trian'[\s\S]*Did you mean train\?/);
      usageError([...TRAIN, '--epochs', '3'], /unknown option '--epochs'/);
    });
  });
});

describe(flagName.name, () => {
  it('turns contract fields into flags', () => {
    assert.equal(flagName('batchSize'), '--batch-size');
    assert.equal(flagName('dataset'), '--dataset');
  });
});
