import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type ProcessExit = { code: number | null; signal: NodeJS.Signals | null };

/** A service entry running as a child process in a test, its output kept in memory. */
export interface EntryProcess {
  /** Its stdout lines so far (JSON log lines, once Nest runs). */
  lines(): string[];
  stderr(): string;
  exited: Promise<ProcessExit>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Starts a compiled service entry (`apps/<app>/dist/main.js`) with `env` on top of a minimal
 * environment: PATH, the local Redis and PostgreSQL, and a free port on 127.0.0.1. With `logFile`,
 * its output is also appended there (long runs whose logs explain a failure afterwards).
 */
export function startEntryProcess(entry: string, env: Record<string, string>, options: { logFile?: string } = {}): EntryProcess {
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env['PATH'] ?? '',
      REDIS_URL: process.env['REDIS_URL'] || 'redis://127.0.0.1:6379',
      DATABASE_URL: process.env['DATABASE_URL'] ?? '',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  const exited = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { lines: () => out.split('\n').filter(Boolean), stderr: () => err, exited, kill: (signal) => void child.kill(signal) };
}

/** The `count`-th stdout line matching `pattern`, parsed as JSON; fails after `timeoutMs` showing all output. */
export async function waitForLogLine(run: EntryProcess, pattern: RegExp, count = 1, timeoutMs = 20_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const lines = run.lines().filter((line) => pattern.test(line));
    if (lines.length >= count) return JSON.parse(lines[count - 1] as string) as Record<string, unknown>;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no log line matching ${pattern}; stdout:\n${run.lines().join('\n')}\nstderr:\n${run.stderr()}`);
}
