import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startEntryProcess, type EntryProcess, type ProcessExit } from '@alkdrec/process-kit';

const REPO = join(__dirname, '..', '..', '..');

/** The drill's service processes: one trainer, two llm-workers, one selector. */
export const SERVICE_NAMES = ['trainer', 'llm-worker-1', 'llm-worker-2', 'selector'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const ENTRY_OF: Record<ServiceName, string> = {
  trainer: 'apps/trainer/dist/main.js',
  'llm-worker-1': 'apps/llm-worker/dist/main.js',
  'llm-worker-2': 'apps/llm-worker/dist/main.js',
  selector: 'apps/selector/dist/main.js',
};

/** A service that exited without the drill asking it to. */
export interface UnexpectedExit {
  service: ServiceName;
  exit: ProcessExit;
  /** Milliseconds since the services were started. */
  atMs: number;
}

/** How long a crashed service stays down before it is started again, as an orchestrator would. */
const RESTART_AFTER_CRASH_MS = 1_000;

/**
 * The services of one scenario as real processes on loopback (`node apps/<app>/dist/main.js`),
 * each logging to `<dir>/<name>.log` (a restart appends to the same file). The drill kills and
 * restarts them; a service that dies on its own is recorded and started again after a second,
 * as Kubernetes would, so the run can go on and the crash is reported rather than hidden.
 */
export class DrillServices {
  private readonly running = new Map<ServiceName, EntryProcess>();
  private readonly expectedExits = new Set<EntryProcess>();
  private readonly startedAt = Date.now();
  private stopping = false;
  readonly unexpectedExits: UnexpectedExit[] = [];

  constructor(
    private readonly env: Record<string, string>,
    private readonly dir: string,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  startAll(): void {
    for (const name of SERVICE_NAMES) this.start(name);
  }

  /** SIGKILL, then the same service started again at once (a new process, as after a pod restart). */
  async killAndRestart(name: ServiceName): Promise<{ killedPid: number | undefined; restartedPid: number | undefined }> {
    const killed = this.running.get(name);
    if (!killed) throw new Error(`${name} is not running`);
    this.expectedExits.add(killed);
    killed.kill('SIGKILL');
    await killed.exited;
    this.note(name, `--- drill: SIGKILLed ${name} (pid ${killed.pid})`);
    return { killedPid: killed.pid, restartedPid: this.start(name).pid };
  }

  /** SIGTERM to every service (they drain), then SIGKILL to any still running after `graceMs`. */
  async stopAll(graceMs = 20_000): Promise<void> {
    this.stopping = true;
    const all = [...this.running.values()];
    for (const service of all) {
      this.expectedExits.add(service);
      service.kill('SIGTERM');
    }
    const timer = setTimeout(() => all.forEach((service) => service.kill('SIGKILL')), graceMs);
    await Promise.all(all.map((service) => service.exited));
    clearTimeout(timer);
    this.running.clear();
  }

  logFile(name: ServiceName | 'cli' | 'redis'): string {
    return join(this.dir, `${name}.log`);
  }

  private start(name: ServiceName): EntryProcess {
    const service = startEntryProcess(join(REPO, ENTRY_OF[name]), this.env, { logFile: this.logFile(name) });
    this.running.set(name, service);
    this.note(name, `--- drill: started ${name} (pid ${service.pid})`);
    void service.exited.then((exit) => this.exited(name, service, exit));
    return service;
  }

  private exited(name: ServiceName, service: EntryProcess, exit: ProcessExit): void {
    if (this.expectedExits.has(service) || this.stopping) return;
    this.unexpectedExits.push({ service: name, exit, atMs: Date.now() - this.startedAt });
    this.note(name, `--- drill: ${name} (pid ${service.pid}) exited on its own (${exit.signal ?? `code ${exit.code}`}); starting it again`);
    this.running.delete(name);
    setTimeout(() => {
      if (!this.stopping) this.start(name);
    }, RESTART_AFTER_CRASH_MS);
  }

  private note(name: ServiceName, line: string): void {
    appendFileSync(this.logFile(name), `${line}\n`);
  }
}
