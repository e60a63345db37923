/** The selector is shutting down: the run's job goes back to the queue and resumes elsewhere or later. */
export class RunInterrupted extends Error {
  override name = 'RunInterrupted';
  constructor() {
    super('the selector is shutting down; the run resumes from its last finished stage');
  }
}

/** Rejects with RunInterrupted once `signal` aborts; never settles otherwise. */
export function interrupted(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal.aborted) return reject(new RunInterrupted());
    signal.addEventListener('abort', () => reject(new RunInterrupted()), { once: true });
  });
}

export function throwIfInterrupted(signal: AbortSignal): void {
  if (signal.aborted) throw new RunInterrupted();
}
