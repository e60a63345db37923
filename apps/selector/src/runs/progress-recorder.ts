import type { RunProgress } from '@alkdrec/contracts';

/**
 * Stores a driver's progress reports in PostgreSQL (Run.progress) so a run's progress can be read
 * without Redis, at most one write per `everyMs`: the first report is written at once, later ones
 * within `everyMs` are folded into one trailing write of the latest. Writes happen in report order;
 * a failed write is reported and skipped (the next report brings it up to date). `close` writes
 * what is still pending.
 */
export class ProgressRecorder {
  private pending: RunProgress | undefined;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly save: (progress: RunProgress) => Promise<void>,
    private readonly everyMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  record(progress: RunProgress): void {
    this.pending = progress;
    if (this.timer) return;
    const wait = this.lastWriteAt + this.everyMs - Date.now();
    if (wait <= 0) this.write();
    else this.timer = setTimeout(() => this.write(), wait);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.write();
    await this.writing;
  }

  private write(): void {
    this.timer = undefined;
    const progress = this.pending;
    if (progress === undefined) return;
    this.pending = undefined;
    this.lastWriteAt = Date.now();
    this.writing = this.writing.then(() => this.save(progress)).catch((error: Error) => this.onError(error));
  }
}
