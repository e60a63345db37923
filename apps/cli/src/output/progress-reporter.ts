import type { TrainerProgress } from '@alkdrec/contracts';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { describeProgress, phaseEta, ProgressLineThrottle, progressDetails } from './describe-progress';

/** Where a running job's progress and the CLI's own notes go (stderr: stdout is for results). */
export interface ProgressReporter {
  update(progress: TrainerProgress): void;
  /** A line of its own (e.g. "started a trainer"), printed above a live bar. */
  note(text: string): void;
  stop(): void;
}

/** A live bar on a terminal; throttled plain lines otherwise (CI logs, pipes, --json). */
export function createProgressReporter(stream: NodeJS.WriteStream, label: string, live: boolean): ProgressReporter {
  return live && stream.isTTY ? new BarReporter(stream, label) : new LineReporter(stream, label);
}

class BarReporter implements ProgressReporter {
  private readonly bars: MultiBar;
  private bar: SingleBar | undefined;
  private phase: { name: string; at: number; done: number } | undefined;

  constructor(stream: NodeJS.WriteStream, private readonly label: string) {
    this.bars = new MultiBar(
      {
        stream,
        // cli-progress' own ETA spans phases and shows "NF" before a rate exists; phaseEta does not.
        format: `${label} {phase} |{bar}| {value}/{total}{unit} · {duration_formatted}{phaseEta}{details}`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
  }

  update(p: TrainerProgress): void {
    const now = Date.now();
    if (this.phase?.name !== p.phase) this.phase = { name: p.phase, at: now, done: p.done };
    const eta = phaseEta(this.phase, p, now);
    const payload = {
      phase: p.phase.padEnd(10),
      unit: p.phase === 'training' ? ' steps' : '',
      phaseEta: eta ? ` · ${eta}` : '',
      details: detailsSuffix(p),
    };
    if (!this.bar) {
      this.bar = this.bars.create(p.total, p.done, payload);
      return;
    }
    if (this.bar.getTotal() !== p.total) this.bar.setTotal(p.total);
    this.bar.update(p.done, payload);
  }

  note(text: string): void {
    this.bars.log(`${this.label} ${text}\n`);
  }

  stop(): void {
    this.bars.stop();
  }
}

function detailsSuffix(p: TrainerProgress): string {
  const details = progressDetails(p);
  return details ? ` · ${details}` : '';
}

class LineReporter implements ProgressReporter {
  private readonly throttle = new ProgressLineThrottle();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly label: string,
  ) {}

  update(p: TrainerProgress): void {
    if (this.throttle.shouldPrint(p)) this.stream.write(`${this.label} ${describeProgress(p)}\n`);
  }

  note(text: string): void {
    this.stream.write(`${this.label} ${text}\n`);
  }

  stop(): void {}
}
