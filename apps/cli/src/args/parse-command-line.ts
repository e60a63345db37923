import {
  Backbone,
  BUILT_IN_GRIDS,
  EvalExclusion,
  EvalSplit,
  EvaluatePayload,
  ModelRole,
  NegativeScheme,
  PredictPayload,
  RunListQuery,
  RunProvider,
  RunSpec,
  RunState,
  RunStrategy,
  TrainSpec,
} from '@alkdrec/contracts';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { exitCodesHelp, UsageError } from '../cli-error';
import { parseFlagsWithContract } from './contract-flags';
import { intArg, positiveNumberArg } from './int-arg';
import type { DistillSource } from '../commands/distill.command';
import { gridSourceOf } from '../experiment/resolve-grid';
import type { ImportSource, JobRunOptions, ParsedCommand, ParsedInvocation } from './parsed-command';

const REFERENCE_STRATEGIES = ['alkdrec', 'rad-bc', 'random', 'easiest', 'hardest'] as const;

export interface CliOutput {
  /** Help and version text. */
  writeOut(text: string): void;
}

/**
 * Parses `alkdrec [--verbose] <command> [flags]` (argv without node and script) into a validated
 * command. Throws UsageError, with the valid choices where there are some, for anything wrong.
 */
export function parseCommandLine(args: readonly string[], output: CliOutput): ParsedInvocation {
  let parsed: ParsedCommand = { command: 'none' };
  const program = new Command('alkdrec')
    .description('ALKDRec: train, evaluate and distil session-based recommenders')
    .exitOverride()
    .configureOutput({ writeOut: (text) => output.writeOut(text), writeErr: () => undefined, outputError: () => undefined })
    .showSuggestionAfterError()
    .option('--verbose', 'print the stack trace of an unexpected error (also: ALKDREC_DEBUG=1)', false)
    .addHelpText('after', exitCodesHelp());

  program
    .command('import')
    .description('import a dataset into PostgreSQL (a bundled one, or items.csv + sessions.jsonl files)')
    .option('--dataset <bundled-name>', 'a dataset bundled under datasets/')
    .option('--name <name>', 'name of the new dataset (with --items and --sessions)')
    .option('--items <path>', 'items.csv or items.csv.gz')
    .option('--sessions <path>', 'sessions.jsonl or sessions.jsonl.gz')
    .option('--metadata <file.json>', "the dataset's metadata: prompt wording and default negatives (docs/data.md; default: neutral wording, in-batch)")
    .option('--update-metadata', "only replace an imported dataset's metadata: --dataset <bundled-name> from its metadata.json, or --name <name> --metadata <file.json>", false)
    .option('--json', 'print the import summary as JSON', false)
    .action((flags: ImportFlags & { json: boolean }) => {
      parsed = { command: 'import', source: importSource(flags), json: flags.json };
    });

  withRunOptions(
    program
      .command('run')
      .description('the whole ALKDRec run: teacher and student, predictions, hints, selection, LLM ranking, distillation, test metrics')
      .requiredOption('--dataset <name>', 'dataset name, e.g. movielens-hetrec2011 (a bundled one is imported first)')
      .addOption(new Option('--backbone <backbone>', 'model architecture').choices(Backbone.options).makeOptionMandatory())
      .addOption(new Option('--strategy <strategy>', 'active selection strategy (tr: no LLM)').choices(RunStrategy.options).default('alkdrec'))
      .addOption(new Option('--provider <provider>', 'LLM provider (replay: the recorded GPT-4 answers)').choices(RunProvider.options).default('replay'))
      .option('--budget <n>', 'sessions asked of the LLM', intArg(1, 20_000), 500)
      .option('--seed <n>', 'random seed', intArg(0, 2 ** 31 - 1), 1)
      .option('--max-steps <n>', 'cap every training of the run (smoke tests only; changes the run and model ids)', intArg(1, 1_000_000)),
  ).action((flags: Record<string, unknown> & JobRunOptions) => {
    const { json, spawn, ...spec } = flags;
    parsed = { command: 'run', spec: parseFlagsWithContract(RunSpec, spec, 'run'), run: { json, spawn } };
  });

  withRunOptions(
    program
      .command('experiment')
      .description('every run of a grid (datasets × backbones × strategies × seeds, and a budget curve), spread over the trainer workers; run it again to resume')
      .requiredOption('--grid <grid>', `a built-in grid (${Object.keys(BUILT_IN_GRIDS).join(', ')}) or a JSON file holding an experiment grid`)
      .option('--datasets <names>', "only these of the grid's datasets (comma-separated)", listArg)
      .option('--backbones <names>', `only these of the grid's backbones (${Backbone.options.join(', ')}; comma-separated)`, listArg)
      .option('--seeds <list>', "only these of the grid's seeds (comma-separated)", (value: string) => listArg(value).map(intArg(0, 2 ** 31 - 1)))
      .option('--trainers <n>', 'trainer workers to have connected, starting trainer processes as needed (default: one per core)', intArg(1, 64))
      .option('--in-flight <n>', 'runs submitted and unfinished at once (default: 4 per trainer worker)', intArg(1, 10_000)),
  ).action((flags: { grid: string; datasets?: string[]; backbones?: string[]; seeds?: number[]; trainers?: number; inFlight?: number } & JobRunOptions) => {
    const backbones = flags.backbones?.map((b) => {
      const parsedBackbone = Backbone.safeParse(b);
      if (!parsedBackbone.success) throw new UsageError(`--backbones: "${b}" is not a backbone (${Backbone.options.join(', ')})`);
      return parsedBackbone.data;
    });
    parsed = {
      command: 'experiment',
      options: {
        grid: gridSourceOf(flags.grid),
        narrowing: { ...(flags.datasets ? { datasets: flags.datasets } : {}), ...(backbones ? { backbones } : {}), ...(flags.seeds ? { seeds: flags.seeds } : {}) },
        ...(flags.trainers === undefined ? {} : { trainers: flags.trainers }),
        ...(flags.inFlight === undefined ? {} : { inFlight: flags.inFlight }),
        run: runOptions(flags),
      },
    };
  });

  withRunOptions(
    program
      .command('resume')
      .description('resume a cancelled or failed run (finished stages are kept) and follow it as run does')
      .argument('<run-id>', 'the run id, as printed by run or runs'),
  ).action((runId: string, flags: JobRunOptions) => {
    parsed = { command: 'resume', runId: runIdArg(runId), run: runOptions(flags) };
  });

  program
    .command('cancel')
    .description('cancel a running run: its driver stops within a second; resume it later with resume')
    .argument('<run-id>', 'the run id, as printed by run or runs')
    .option('--json', 'print the outcome as JSON', false)
    .action((runId: string, flags: { json: boolean }) => {
      parsed = { command: 'cancel', runId: runIdArg(runId), json: flags.json };
    });

  program
    .command('runs')
    .description('list runs, newest first (from PostgreSQL)')
    .option('--dataset <name>', 'only runs of this dataset')
    .addOption(new Option('--strategy <strategy>', 'only runs of this strategy').choices(RunStrategy.options))
    .addOption(new Option('--state <state>', 'only runs in this state').choices(RunState.options.map((s) => s.toLowerCase())))
    .option('--limit <n>', 'runs per page', intArg(1, 100), 20)
    .option('--offset <n>', 'skip this many runs first', intArg(0, 1_000_000))
    .option('--cursor <cursor>', 'the next page, as the previous page printed it')
    .option('--json', 'print the page as JSON', false)
    .action((flags: { dataset?: string; strategy?: string; state?: string; limit: number; offset?: number; cursor?: string; json: boolean }) => {
      const { json, state, ...rest } = flags;
      const query = parseFlagsWithContract(RunListQuery, { ...rest, state: state?.toUpperCase() }, 'runs');
      parsed = { command: 'runs', query, json };
    });

  withRunOptions(
    program
      .command('train')
      .description('train a teacher or student backbone on a dataset (imports a bundled dataset first if needed)')
      .requiredOption('--dataset <name>', 'dataset name, e.g. movielens-hetrec2011')
      .addOption(new Option('--backbone <backbone>', 'model architecture').choices(Backbone.options).makeOptionMandatory())
      .addOption(new Option('--role <role>', 'teacher (d=100) or student (d=10)').choices(ModelRole.options).makeOptionMandatory())
      .option('--seed <n>', 'random seed', intArg(0, 2 ** 31 - 1), 1)
      .option('--dim <n>', 'latent size (default: 100 teacher, 10 student)', intArg(1, 1024))
      .addOption(new Option('--negatives <scheme>', 'negative sampling (default per backbone and dataset)').choices(NegativeScheme.options))
      .option('--max-steps <n>', 'training steps at most (default 10000)', intArg(1, 1_000_000))
      .option('--patience <n>', 'validation checks without improvement before stopping (default 20 teacher, 10 student)', intArg(1))
      .option('--batch-size <n>', 'sessions per step (default 1024)', intArg(2, 8192))
      .option('--learning-rate <x>', 'Adam learning rate (default 1e-3)', positiveNumberArg(1))
      .option('--eval-every <n>', 'steps between validation checks (default 20)', intArg(1)),
  ).action((flags: Record<string, unknown> & JobRunOptions) => {
    const { json, spawn, ...spec } = flags;
    parsed = { command: 'train', spec: parseFlagsWithContract(TrainSpec, spec, 'train'), run: { json, spawn } };
  });

  withRunOptions(
    program
      .command('evaluate')
      .description("compute a trained model's recall and NDCG at 5 and 10 on a split")
      .requiredOption('--model <id>', 'model id, as printed by train')
      .addOption(new Option('--split <split>', 'which split').choices(EvalSplit.options).default('test'))
      .addOption(
        new Option('--exclusion <rule>', "items left out of the ranking: every item of the session, or only the model's 10-item input window (the authors' rule); docs/metrics.md")
          .choices(EvalExclusion.options)
          .default('session'),
      ),
  ).action((flags: { model: string; split: string; exclusion: string } & JobRunOptions) => {
    const payload = parseFlagsWithContract(EvaluatePayload, { modelId: flags.model, split: flags.split, exclusion: flags.exclusion }, 'evaluate');
    parsed = { command: 'evaluate', payload, run: runOptions(flags) };
  });

  withRunOptions(
    program
      .command('predict')
      .description("store a model's top-K and true-item rank for every training session (and difficulty for teachers)")
      .requiredOption('--model <id>', 'model id, as printed by train')
      .option('--top-k <k>', 'recommendations kept per session', intArg(1, 500), 50),
  ).action((flags: { model: string; topK: number } & JobRunOptions) => {
    const payload = parseFlagsWithContract(PredictPayload, { modelId: flags.model, topK: flags.topK }, 'predict');
    parsed = { command: 'predict', payload, run: runOptions(flags) };
  });

  withRunOptions(
    program
      .command('distill')
      .description("fine-tune a student on the recorded GPT-4 answers of the paper's selection, or on a teacher's top-50 (TR)")
      .requiredOption('--student <id>', 'student model id, as printed by train')
      .addOption(new Option('--reference <strategy>', "the paper's selection to distil (recorded answers, no LLM call)").choices(REFERENCE_STRATEGIES))
      .option('--budget <n>', 'sessions distilled from the reference selection', intArg(1, 20_000), 500)
      .addOption(new Option('--select <strategy>', "instead: our own selection by --teacher's difficulty, answered by the recorded GPT-4 rankings").choices(REFERENCE_STRATEGIES))
      .option('--teacher <id>', 'the teacher whose stored difficulties --select ranks by (run predict first)')
      .option('--teacher-top50 <id>', "instead: a teacher's stored top-50 of every training session (run predict first)")
      .option('--seed <n>', 'random seed', intArg(0, 2 ** 31 - 1), 1),
  ).action((flags: { student: string; reference?: string; select?: string; teacher?: string; budget: number; teacherTop50?: string; seed: number } & JobRunOptions) => {
    const sources = [flags.reference, flags.select, flags.teacherTop50].filter((v) => v !== undefined);
    if (sources.length !== 1) {
      throw new UsageError('distill needs exactly one of --reference <strategy>, --select <strategy> --teacher <id>, and --teacher-top50 <teacher-id>');
    }
    if ((flags.select !== undefined) !== (flags.teacher !== undefined)) throw new UsageError('--select and --teacher go together');
    type Strategy = (typeof REFERENCE_STRATEGIES)[number];
    const source: DistillSource = flags.reference !== undefined
      ? { kind: 'reference', strategy: flags.reference as Strategy, budget: flags.budget }
      : flags.select !== undefined
        ? { kind: 'select', strategy: flags.select as Strategy, teacherModelId: flags.teacher as string, budget: flags.budget }
        : { kind: 'teacher-top50', teacherModelId: flags.teacherTop50 as string };
    parsed = { command: 'distill', studentModelId: flags.student, seed: flags.seed, source, run: runOptions(flags) };
  });

  program
    .command('export')
    .description('write a trained model as a self-contained directory (manifest, items, item embeddings, TF.js encoder; docs/export.md)')
    .requiredOption('--model <id>', 'model id, as printed by train, distill or run')
    .requiredOption('--out <dir>', 'directory to create (refused when it exists and is not empty)')
    .option('--json', 'print the result as one JSON document on stdout', false)
    .action((flags: { model: string; out: string; json: boolean }) => {
      if (flags.model.trim() === '') throw new UsageError('--model needs a model id');
      if (flags.out.trim() === '') throw new UsageError('--out needs a directory');
      parsed = { command: 'export', modelId: flags.model, outDir: flags.out, json: flags.json };
    });

  program
    .command('report')
    .description("write a grid's report from the runs in PostgreSQL: its section of <out>/results.md and <out>/figures/<grid>-*.svg")
    .requiredOption('--grid <grid>', `a built-in grid (${Object.keys(BUILT_IN_GRIDS).join(', ')}) or a JSON file holding an experiment grid`)
    .option('--out <dir>', 'directory holding results.md and figures/ (default: the repository\'s docs)')
    .action((flags: { grid: string; out?: string }) => {
      if (flags.out !== undefined && flags.out.trim() === '') throw new UsageError('--out needs a directory');
      parsed = { command: 'report', options: { grid: gridSourceOf(flags.grid), ...(flags.out === undefined ? {} : { outDir: flags.out }) } };
    });

  const verbose = () => program.opts<{ verbose: boolean }>().verbose;
  try {
    program.parse(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return { command: { command: 'none' }, verbose: verbose() }; // --help, --version
    if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync') {
      throw new UsageError(`a command is required: ${program.commands.map((c) => c.name()).join(', ')} (see alkdrec --help)`);
    }
    throw new UsageError(error.message.replace(/^error: /, ''));
  }
  return { command: parsed, verbose: verbose() };
}

function withRunOptions(command: Command): Command {
  return command
    .option('--json', 'print the result as one JSON document on stdout', false)
    .option('--no-spawn', 'do not start services; wait for them to connect to their queues');
}

/** `a,b , c` → ['a', 'b', 'c']: a comma-separated list flag. */
function listArg(value: string): string[] {
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('expected a comma-separated list.');
  return items;
}

/** A run id as runIdOf writes it: a plain word of letters, digits, ".", "_" and "-". */
function runIdArg(value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(value)) throw new UsageError(`"${value.slice(0, 200)}" is not a run id (e.g. movielens-hetrec2011.fpmc.alkdrec.replay.b500.s1)`);
  return value;
}

function runOptions(flags: JobRunOptions): JobRunOptions {
  return { json: flags.json, spawn: flags.spawn };
}

interface ImportFlags {
  dataset?: string;
  name?: string;
  items?: string;
  sessions?: string;
  metadata?: string;
  updateMetadata: boolean;
}

function importSource(flags: ImportFlags): ImportSource {
  if (flags.updateMetadata) return updateMetadataSource(flags);
  const fileFlags = { name: flags.name, items: flags.items, sessions: flags.sessions };
  const given = Object.entries({ ...fileFlags, metadata: flags.metadata }).filter(([, v]) => v !== undefined).map(([k]) => `--${k}`);
  if (flags.dataset !== undefined) {
    if (given.length > 0) {
      throw new UsageError(`--dataset imports a bundled dataset (with its own metadata.json); it cannot be combined with ${given.join(', ')}`);
    }
    return { kind: 'bundled', dataset: flags.dataset };
  }
  if (given.length === 0) throw new UsageError('import needs --dataset <bundled-name>, or --name, --items and --sessions');
  const missing = Object.entries(fileFlags).filter(([, v]) => v === undefined).map(([k]) => `--${k}`);
  if (missing.length > 0) throw new UsageError(`importing files needs ${missing.join(' and ')} as well`);
  return {
    kind: 'files', name: fileFlags.name as string, itemsPath: fileFlags.items as string, sessionsPath: fileFlags.sessions as string,
    ...(flags.metadata === undefined ? {} : { metadataPath: flags.metadata }),
  };
}

/** `--update-metadata`: a bundled dataset from its own metadata.json, any other from --metadata; no data files. */
function updateMetadataSource(flags: ImportFlags): ImportSource {
  const dataFlags = ['items', 'sessions'].filter((k) => flags[k as 'items' | 'sessions'] !== undefined).map((k) => `--${k}`);
  if (dataFlags.length > 0) throw new UsageError(`--update-metadata changes only the metadata; drop ${dataFlags.join(' and ')}`);
  if (flags.dataset !== undefined) {
    if (flags.name !== undefined || flags.metadata !== undefined) {
      throw new UsageError('--update-metadata --dataset <bundled-name> reads the bundled metadata.json; for your own file use --name <name> --metadata <file.json>');
    }
    return { kind: 'update-metadata', name: flags.dataset, from: { bundled: true } };
  }
  if (flags.name === undefined || flags.metadata === undefined) {
    throw new UsageError('--update-metadata needs --dataset <bundled-name>, or --name <name> and --metadata <file.json>');
  }
  return { kind: 'update-metadata', name: flags.name, from: { bundled: false, metadataPath: flags.metadata } };
}
