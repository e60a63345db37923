import type { ServingChange } from './serving.repository';

/** What the watcher polls: ServingRepository, or a fake in tests. */
export interface PromotionSource {
  version(): Promise<number>;
  changedSince(version: number): Promise<ServingChange>;
}

/** A change seen by the watcher. `reset`: the version went down (a dataset and its promotions were deleted): reload everything. */
export interface PromotionEvent extends ServingChange {
  reset: boolean;
}

export interface PromotionWatcherOptions {
  /** Pause between polls (default 1 s); one query per poll while nothing changes. */
  intervalMs?: number;
  /**
   * Told about each change; the watcher moves past it only once this resolves, so a failed reload
   * (a checkpoint store down) is retried on the next poll.
   */
  onChange: (event: PromotionEvent) => void | Promise<void>;
  /** A failed poll or listener (PostgreSQL unreachable, say); the watcher keeps polling. */
  onError?: (error: unknown) => void;
}

/**
 * Polls the serving version so that every api replica picks up a promote or rollback made through
 * any replica within about one interval, without a restart or a message bus. Polls never overlap;
 * an outage only delays changes (each failed poll goes to onError and the next one tries again);
 * `stop()` waits for a poll in flight. Call `stop()`: the timer keeps the process alive.
 */
export class PromotionWatcher {
  private known: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = true;
  private readonly intervalMs: number;

  constructor(
    private readonly source: PromotionSource,
    private readonly options: PromotionWatcherOptions,
  ) {
    this.intervalMs = options.intervalMs ?? 1_000;
  }

  /** The version last handled (undefined before the first successful poll). */
  get version(): number | undefined {
    return this.known;
  }

  /**
   * Starts polling. `fromVersion`: the version read before the caller loaded what serves now, so
   * a promotion made in between is still reported; without it the first poll sets the baseline.
   */
  start(fromVersion?: number): void {
    if (!this.stopped) throw new Error('PromotionWatcher already started');
    this.stopped = false;
    this.known = fromVersion;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.poll().finally(() => {
        this.inFlight = undefined;
        this.schedule(this.intervalMs);
      });
    }, delayMs);
  }

  private async poll(): Promise<void> {
    try {
      const version = await this.source.version();
      if (this.known === undefined) {
        this.known = version;
        return;
      }
      if (version === this.known || this.stopped) return;
      const event: PromotionEvent =
        version < this.known ? { version, datasets: [], reset: true } : { ...(await this.source.changedSince(this.known)), reset: false };
      if (this.stopped) return;
      await this.options.onChange(event);
      this.known = event.version;
    } catch (error) {
      try {
        this.options.onError?.(error);
      } catch {
        // a failing error reporter must not stop the polling
      }
    }
  }
}
