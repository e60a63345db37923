import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Queue } from 'bullmq';
import { CliError } from '../cli-error';
import { SupervisorEvent, supervisorNote } from './supervisor-event';

export interface StartTrainerOptions {
  /** The compiled entry: apps/trainer/dist/main.js, or docker/start-role.js for several roles. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** The service's JSON logs go here, not over the progress bar. */
  logFile: string;
  /** How messages name it ("trainer", "services"). */
  label?: string;
  /**
   * For docker/start-role.js with several roles: its supervisor's news (a role exited and is being
   * restarted, a role was restarted, a role exhausted its restarts), received over an IPC channel,
   * which is opened only when this is given.
   */
  onNote?: (text: string) => void;
}

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/**
 * A service process the CLI started for one command — a trainer, or `docker/start-role.js` with
 * several roles as its children. It runs in a process group of its own, so a Ctrl-C in the terminal
 * reaches only the CLI, which then stops it with SIGTERM (a graceful drain), and so a SIGKILL, the
 * last resort, reaches the whole group.
 */
export class ServiceProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<Exit>;
  private exit: Exit | undefined;
  private stopping = false;
  /** The supervisor's give-up message, which says why the launcher exited. */
  private gaveUp: string | undefined;

  private constructor(
    private readonly options: StartTrainerOptions,
  ) {
    if (!existsSync(options.entry)) {
      throw new CliError(`the ${options.label ?? 'trainer'} ${options.label === 'services' ? 'are' : 'is'} not built (${options.entry} is missing): run npm run build, or pass --no-spawn and start them`);
    }
    mkdirSync(dirname(options.logFile), { recursive: true });
    const log = openSync(options.logFile, 'a');
    // IPC rather than reading the log file back: the supervisor's records arrive as they happen, whole,
    // and apart from the services' own lines.
    const stdio: StdioOptions = options.onNote ? ['ignore', log, log, 'ipc'] : ['ignore', log, log];
    try {
      this.child = spawn(process.execPath, [options.entry], { detached: true, stdio, env: options.env });
    } finally {
      closeSync(log); // the child holds its own copy of the descriptor
    }
    if (options.onNote) this.followSupervisor(options.onNote);
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
   * Rejects when the process exits without being asked to (a crash, the OOM killer, a launcher whose
   * role exhausted its restarts): a job it was running would otherwise wait for a worker forever. A
   * role the launcher restarts is not an exit of this process. Never settles after stop().
   */
  crashed(): Promise<never> {
    return this.exited.then((exit) => {
      if (this.stopping) return new Promise<never>(() => undefined);
      throw this.startFailure(`exited with ${describeExit(exit)} while the job was pending`);
    });
  }

  /**
   * SIGTERM to the process, then SIGKILL to its group if it has not exited after `timeoutMs`. The
   * SIGTERM goes to the process alone: a launcher forwards it to its roles once it knows it is
   * stopping, whereas a role signalled directly could exit first and look to it like a crash.
   */
  async stop(timeoutMs: number): Promise<Exit> {
    this.stopping = true;
    if (this.exit) return this.exit;
    this.signal('SIGTERM', 'process');
    const timer = setTimeout(() => this.signal('SIGKILL', 'group'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Last resort, synchronous (for process 'exit' handlers and a second Ctrl-C). */
  kill(): void {
    this.stopping = true;
    if (!this.exit) this.signal('SIGKILL', 'group');
  }

  private followSupervisor(onNote: (text: string) => void): void {
    this.child.on('message', (message: unknown) => {
      const event = SupervisorEvent.safeParse(message);
      if (!event.success) return;
      if (event.data.event === 'gave-up') this.gaveUp = event.data.msg;
      const note = supervisorNote(event.data);
      if (note !== undefined) onNote(note);
    });
  }

  private signal(signal: NodeJS.Signals, to: 'process' | 'group'): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(to === 'group' ? -this.child.pid : this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }

  private startFailure(what: string): CliError {
    const why = this.gaveUp === undefined ? '' : ` (${this.gaveUp})`;
    return new CliError(`the ${this.options.label ?? 'trainer'} started by the CLI ${what}${why}; last lines of ${this.options.logFile}:\n${tail(this.options.logFile, 15)}`);
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
