import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Queue } from 'bullmq';
import { CliError } from '../cli-error';

export interface StartTrainerOptions {
  /** The compiled entry: apps/trainer/dist/main.js, or docker/start-role.js for several roles. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** The service's JSON logs go here, not over the progress bar. */
  logFile: string;
  /** How messages name it ("trainer", "services"). */
  label?: string;
}

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/**
 * A service process the CLI started for one command — a trainer, or `docker/start-role.js` with
 * several roles as its children. It runs in a process group of its own, so a Ctrl-C in the terminal
 * reaches only the CLI, which then stops it with SIGTERM (a graceful drain), and so a stop signal
 * reaches the whole group.
 */
export class ServiceProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<Exit>;
  private exit: Exit | undefined;
  private stopping = false;

  private constructor(
    private readonly options: StartTrainerOptions,
  ) {
    if (!existsSync(options.entry)) {
      throw new CliError(`the ${options.label ?? 'trainer'} ${options.label === 'services' ? 'are' : 'is'} not built (${options.entry} is missing): run npm run build, or pass --no-spawn and start them`);
    }
    mkdirSync(dirname(options.logFile), { recursive: true });
    const log = openSync(options.logFile, 'a');
    try {
      this.child = spawn(process.execPath, [options.entry], { detached: true, stdio: ['ignore', log, log], env: options.env });
    } finally {
      closeSync(log); // the child holds its own copy of the descriptor
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve((this.exit = { code, signal })));
      this.child.once('error', () => resolve((this.exit = { code: null, signal: null })));
    });
  }

  static start(options: StartTrainerOptions): ServiceProcess {
    return new ServiceProcess(options);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get logFile(): string {
    return this.options.logFile;
  }

  /** Resolves once a worker is connected to `queue`; rejects if the process exits or times out. */
  async waitUntilConnected(queue: Queue, timeoutMs: number, pollMs = 250): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exit) throw this.startFailure(`exited with ${describeExit(this.exit)} before connecting`);
      if ((await queue.getWorkersCount()) > 0) return;
      await Promise.race([new Promise((r) => setTimeout(r, pollMs)), this.exited]);
    }
    await this.stop(5_000);
    throw this.startFailure(`did not connect to queue ${queue.name} within ${Math.round(timeoutMs / 1000)} s`);
  }

  /**
   * Rejects when the trainer exits without being asked to (a crash, the OOM killer): a job it was
   * running would otherwise wait for a worker forever. Never settles after stop().
   */
  crashed(): Promise<never> {
    return this.exited.then((exit) => {
      if (this.stopping) return new Promise<never>(() => undefined);
      throw this.startFailure(`exited with ${describeExit(exit)} while the job was pending`);
    });
  }

  /** SIGTERM to the group, then SIGKILL if it has not exited after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<Exit> {
    this.stopping = true;
    if (this.exit) return this.exit;
    this.signalGroup('SIGTERM');
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Last resort, synchronous (for process 'exit' handlers and a second Ctrl-C). */
  kill(): void {
    this.stopping = true;
    if (!this.exit) this.signalGroup('SIGKILL');
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }

  private startFailure(what: string): CliError {
    return new CliError(`the ${this.options.label ?? 'trainer'} started by the CLI ${what}; last lines of ${this.options.logFile}:\n${tail(this.options.logFile, 15)}`);
  }
}

function describeExit({ code, signal }: Exit): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).map((l) => `  ${l}`).join('\n') || '  (empty)';
  } catch {
    return '  (no log)';
  }
}
