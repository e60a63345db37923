/** What a command registers while it has services of its own running. */
export interface InterruptHandlers {
  /** The services it started and would stop now ("selector", "trainer", …); empty when none. */
  started(): readonly string[];
  /** Stops them gracefully (the first Ctrl-C). */
  stop(): Promise<void>;
  /** Synchronous last resort (a second Ctrl-C, or the process exiting). */
  kill(): void;
}

/**
 * Ctrl-C (SIGINT) and SIGTERM for the CLI: the first stops the services the command started (so
 * nothing outlives it), naming them, and exits 130; a second exits at once after the synchronous
 * last resorts (kill their process groups).
 */
export class Interrupts {
  private readonly registered = new Set<InterruptHandlers>();
  private interrupted = false;

  constructor(
    private readonly stderr: NodeJS.WritableStream,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {}

  install(): void {
    const onSignal = (signal: NodeJS.Signals) => void this.interrupt(signal);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('exit', () => this.registered.forEach((handlers) => handlers.kill()));
  }

  /** Registers a command's services; returns the unregister function. */
  register(handlers: InterruptHandlers): () => void {
    this.registered.add(handlers);
    return () => void this.registered.delete(handlers);
  }

  /** What a signal does (install() routes SIGINT and SIGTERM here). */
  async interrupt(signal: NodeJS.Signals): Promise<void> {
    if (this.interrupted) {
      this.stderr.write(`\nalkdrec: ${signal} again, stopping now\n`);
      this.exit(130); // the 'exit' handler kills what is left
      return;
    }
    this.interrupted = true;
    const started = [...this.registered].flatMap((handlers) => handlers.started());
    const what = started.length === 0 ? '' : ` the ${inProse(started)} started by this command`;
    this.stderr.write(`\nalkdrec: ${signal}: stopping${what} (again to force)\n`);
    await Promise.allSettled([...this.registered].map((handlers) => handlers.stop()));
    this.exit(130);
  }
}

/** "a", "a and b", "a, b and c". */
function inProse(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
