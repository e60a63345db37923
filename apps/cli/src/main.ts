#!/usr/bin/env node
import 'reflect-metadata';
import { join } from 'node:path';
import { findRepoRoot, loadConfig, QueueFactory } from '@alkdrec/service-kit';
import { parseCommandLine } from './args/parse-command-line';
import { ExitCode } from './cli-error';
import type { CliContext } from './commands/cli-context';
import { evaluateCommand } from './commands/evaluate.command';
import { distillCommand } from './commands/distill.command';
import { predictCommand } from './commands/predict.command';
import { runCommand } from './commands/run.command';
import { trainCommand } from './commands/train.command';
import { cliEnvSchema } from './config/cli-env.schema';
import { debugFromEnv, describeFailure } from './describe-failure';
import { importCommand } from './dataset/import.command';
import { experimentCommand } from './experiment/experiment.command';
import { exportCommand } from './export/export.command';
import { reportCommand } from './report/report.command';
import { Interrupts } from './interrupts';
import { cancelCommand } from './runs/cancel.command';
import { resumeCommand } from './runs/resume.command';
import { runsCommand } from './runs/runs.command';

async function main(args: readonly string[]): Promise<ExitCode> {
  let verbose = debugFromEnv();
  try {
    const invocation = parseCommandLine(args, { writeOut: (text) => process.stdout.write(text) });
    verbose ||= invocation.verbose;
    const { command } = invocation;
    if (command.command === 'none') return ExitCode.Ok;
    const ctx = createContext();
    switch (command.command) {
      case 'import':
        await importCommand(ctx, command.source, command.json);
        break;
      case 'run':
        await runCommand(ctx, command.spec, command.run);
        break;
      case 'experiment':
        await experimentCommand(ctx, command.options);
        break;
      case 'report':
        await reportCommand(ctx, command.options);
        break;
      case 'resume':
        await resumeCommand(ctx, command.runId, command.run);
        break;
      case 'cancel':
        await cancelCommand(ctx, command.runId, command.json);
        break;
      case 'runs':
        await runsCommand(ctx, command.query, command.json);
        break;
      case 'train':
        await trainCommand(ctx, command.spec, command.run);
        break;
      case 'evaluate':
        await evaluateCommand(ctx, command.payload, command.run);
        break;
      case 'predict':
        await predictCommand(ctx, command.payload, command.run);
        break;
      case 'distill':
        await distillCommand(ctx, { studentModelId: command.studentModelId, seed: command.seed, source: command.source }, command.run);
        break;
      case 'export':
        await exportCommand(ctx, command.modelId, command.outDir, command.json);
        break;
    }
    return ExitCode.Ok;
  } catch (error) {
    return report(error, verbose);
  }
}

function report(error: unknown, verbose: boolean): ExitCode {
  const failure = describeFailure(error, verbose);
  process.stderr.write(`alkdrec: ${failure.text}\n`);
  return failure.exitCode;
}

function createContext(): CliContext {
  const config = loadConfig(cliEnvSchema);
  const repoRoot = findRepoRoot(__dirname);
  const interrupts = new Interrupts(process.stderr);
  interrupts.install();
  const factory = new QueueFactory(
    { redisUrl: config.REDIS_URL, prefix: config.BULLMQ_PREFIX },
    { error: (entry) => process.stderr.write(`alkdrec: ${(entry as { msg?: string }).msg ?? String(entry)}\n`) },
  );
  return {
    config,
    factory,
    stdout: process.stdout,
    stderr: process.stderr,
    repoRoot,
    trainerEntry: process.env['ALKDREC_TRAINER_ENTRY'] || join(repoRoot, 'apps', 'trainer', 'dist', 'main.js'),
    servicesEntry: join(repoRoot, 'docker', 'start-role.js'),
    interrupts,
  };
}

// Exit explicitly: Redis clients reconnecting in the background must not keep a finished command alive.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(report(error, debugFromEnv())),
);
