import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the process has exited (by itself or killed). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

/** The environment of a service under test: the local PostgreSQL and Redis, one schema and queue prefix, a free port. */
export function isolatedServiceEnv(isolation: { schema: string; prefix: string }, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    REDIS_URL: process.env['REDIS_URL'] || 'redis://127.0.0.1:6379',
    DATABASE_URL: process.env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test',
    DATABASE_SCHEMA: isolation.schema,
    BULLMQ_PREFIX: isolation.prefix,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    ...extra,
  };
}

/** Starts a compiled service entry as a child process, its logs appended to `logFile`. */
export function startService(name: string, entry: string, env: NodeJS.ProcessEnv, logFile: string): ServiceProcess {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  if (child.pid === undefined) throw new Error(`could not start ${name} (${entry})`);
  return { name, pid: child.pid, exited, kill: (signal) => void child.kill(signal) };
}

/** Polls `probe` until it returns a value other than undefined; fails after `timeoutMs` naming `what`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
