import type { RunProgress } from '@alkdrec/contracts';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { ProgressLineThrottle } from './describe-progress';

/** Where a run's progress goes: one bar per stage on a terminal, throttled lines otherwise. */
export interface RunProgressReporter {
  update(progress: RunProgress): void;
  note(text: string): void;
  stop(): void;
}

export function createRunProgressReporter(stream: NodeJS.WriteStream, live: boolean): RunProgressReporter {
  return live && stream.isTTY ? new RunBars(stream) : new RunLines(stream);
}

/** "3/7 predict": the stage's place in the run. */
export function stageLabel(p: RunProgress): string {
  return `${p.stageIndex + 1}/${p.stageCount} ${p.stage}`;
}

/** Stages an earlier attempt or run finished, announced once: a resumed run says what it skips. */
class ResumeNote {
  private said = false;
  text(p: RunProgress): string | undefined {
    if (this.said) return undefined;
    this.said = true;
    return p.finished.length > 0 ? `already finished (not redone): ${p.finished.join(', ')}` : undefined;
  }
}

class RunBars implements RunProgressReporter {
  private readonly bars: MultiBar;
  private readonly resume = new ResumeNote();
  private current: { stage: string; bar: SingleBar } | undefined;

  constructor(stream: NodeJS.WriteStream) {
    this.bars = new MultiBar(
      { stream, format: '[run] {label} |{bar}| {value}/{total} · {duration_formatted}{message}', hideCursor: true, clearOnComplete: false },
      Presets.shades_classic,
    );
  }

  update(p: RunProgress): void {
    const resumed = this.resume.text(p);
    if (resumed) this.note(resumed);
    const payload = { label: stageLabel(p).padEnd(11), message: p.message ? ` · ${p.message}` : '' };
    if (this.current?.stage !== p.stage) {
      // The finished stage's bar stays, full, above the new one.
      if (this.current) this.current.bar.update(this.current.bar.getTotal());
      this.current = { stage: p.stage, bar: this.bars.create(Math.max(p.total, 1), p.done, payload) };
      return;
    }
    if (this.current.bar.getTotal() !== p.total) this.current.bar.setTotal(Math.max(p.total, 1));
    this.current.bar.update(p.done, payload);
  }

  note(text: string): void {
    this.bars.log(`[run] ${text}\n`);
  }

  stop(): void {
    if (this.current) this.current.bar.update(this.current.bar.getTotal());
    this.bars.stop();
  }
}

class RunLines implements RunProgressReporter {
  private readonly throttle = new ProgressLineThrottle();
  private readonly resume = new ResumeNote();

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(p: RunProgress): void {
    const resumed = this.resume.text(p);
    if (resumed) this.note(resumed);
    if (this.throttle.shouldPrint({ phase: p.stage, done: p.done, total: p.total })) {
      this.note(`${stageLabel(p)} ${p.done}/${p.total}${p.message ? ` · ${p.message}` : ''}`);
    }
  }

  note(text: string): void {
    this.stream.write(`[run] ${text}\n`);
  }

  stop(): void {}
}
