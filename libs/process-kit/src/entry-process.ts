import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type ProcessExit = { code: number | null; signal: NodeJS.Signals | null };

/** A child process started by a test or a tool, its output kept in memory. */
export interface EntryProcess {
  readonly pid: number | undefined;
  /** Its stdout lines so far (JSON log lines, once Nest runs). */
  lines(): string[];
  stderr(): string;
  exited: Promise<ProcessExit>;
  kill(signal: NodeJS.Signals): void;
}

export interface ChildProcessOptions {
  /** The whole environment of the child (nothing is inherited). */
  env: Record<string, string>;
  /** Also append its stdout and stderr to this file (long runs whose logs explain a failure afterwards). */
  logFile?: string;
}

/** Starts `command` with `args` and exactly `env`, keeping its output (and writing it to `logFile`). */
export function startChildProcess(command: string, args: readonly string[], options: ChildProcessOptions): EntryProcess {
  const child = spawn(command, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += String(chunk)));
  child.stderr.on('data', (chunk) => (err += String(chunk)));
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    const log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
  }
  const exited = new Promise<ProcessExit>((resolve) => {
    // 'close', not 'exit': by then its output has been read to the end.
    child.once('close', (code, signal) => resolve({ code, signal }));
    // Not startable (e.g. the command is missing): reported as an exit, with the reason on stderr.
    child.once('error', (error) => {
      err += `${error.message}\n`;
      resolve({ code: null, signal: null });
    });
  });
  return { pid: child.pid, lines: () => out.split('\n').filter(Boolean), stderr: () => err, exited, kill: (signal) => void child.kill(signal) };
}

/**
 * Starts a compiled entry (`apps/<app>/dist/main.js`, the CLI) with `env` on top of a minimal
 * environment: PATH, the local Redis and PostgreSQL, and a free port on 127.0.0.1. With `logFile`,
 * its output is also appended there; `args` go to the entry (the CLI's command line).
 */
export function startEntryProcess(entry: string, env: Record<string, string>, options: { logFile?: string; args?: readonly string[] } = {}): EntryProcess {
  return startChildProcess(process.execPath, [entry, ...(options.args ?? [])], {
    env: {
      PATH: process.env['PATH'] ?? '',
      REDIS_URL: process.env['REDIS_URL'] || 'redis://127.0.0.1:6379',
      DATABASE_URL: process.env['DATABASE_URL'] ?? '',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      ...env,
    },
    ...(options.logFile === undefined ? {} : { logFile: options.logFile }),
  });
}

/**
 * The `count`-th stdout line matching `pattern`; fails, showing all output, when the process exits
 * without printing it or after `timeoutMs`.
 */
export async function waitForOutputLine(run: EntryProcess, pattern: RegExp, count = 1, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exit: ProcessExit | undefined;
  void run.exited.then((e) => (exit = e));
  const found = () => run.lines().filter((line) => pattern.test(line))[count - 1];
  for (;;) {
    const exitedBefore = exit;
    const line = found();
    if (line !== undefined) return line;
    // It had closed its output before the lines above were read: they were all it printed.
    if (exitedBefore) throw new Error(`exited (${exitedBefore.signal ?? exitedBefore.code}) without an output line matching ${pattern}; ${outputOf(run)}`);
    if (Date.now() > deadline) throw new Error(`no output line matching ${pattern} within ${timeoutMs} ms; ${outputOf(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function outputOf(run: EntryProcess): string {
  return `stdout:\n${run.lines().join('\n')}\nstderr:\n${run.stderr()}`;
}

/** The `count`-th stdout line matching `pattern`, parsed as JSON (a service's log line). */
export async function waitForLogLine(run: EntryProcess, pattern: RegExp, count = 1, timeoutMs = 20_000): Promise<Record<string, unknown>> {
  return JSON.parse(await waitForOutputLine(run, pattern, count, timeoutMs)) as Record<string, unknown>;
}
