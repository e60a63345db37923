/**
 * Ctrl-C (SIGINT) and SIGTERM for the CLI: the first runs the registered cleanups (stop a trainer
 * the CLI started, so nothing outlives the command) and exits 130; a second exits at once after
 * the synchronous last-resort handlers (kill the trainer's process group).
 */
export class Interrupts {
  private readonly cleanups = new Set<() => Promise<void>>();
  private readonly lastResorts = new Set<() => void>();
  private interrupted = false;

  constructor(private readonly stderr: NodeJS.WritableStream) {}

  install(): void {
    const onSignal = (signal: NodeJS.Signals) => void this.handle(signal);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('exit', () => this.lastResorts.forEach((kill) => kill()));
  }

  /** Registers async cleanup and a synchronous last resort; returns the unregister function. */
  register(cleanup: () => Promise<void>, lastResort: () => void): () => void {
    this.cleanups.add(cleanup);
    this.lastResorts.add(lastResort);
    return () => {
      this.cleanups.delete(cleanup);
      this.lastResorts.delete(lastResort);
    };
  }

  private async handle(signal: NodeJS.Signals): Promise<void> {
    if (this.interrupted) {
      this.stderr.write(`\nalkdrec: ${signal} again, stopping now\n`);
      process.exit(130);
    }
    this.interrupted = true;
    if (this.cleanups.size > 0) this.stderr.write(`\nalkdrec: ${signal}: stopping the trainer started by this command (again to force)\n`);
    await Promise.allSettled([...this.cleanups].map((cleanup) => cleanup()));
    process.exit(130);
  }
}
