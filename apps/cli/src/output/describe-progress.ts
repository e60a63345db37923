import type { TrainerProgress } from '@alkdrec/contracts';
import { formatDuration } from './format-duration';
import { formatMetric } from './result-tables';

const UNITS: Partial<Record<TrainerProgress['phase'], string>> = { training: 'steps', evaluating: 'sessions', predicting: 'sessions' };

/** "training 340/10000 steps · valid recall 0.01234 (best 0.01500) · <message>" */
export function describeProgress(p: TrainerProgress): string {
  const parts = [`${p.phase} ${p.done}/${p.total}${UNITS[p.phase] ? ` ${UNITS[p.phase]}` : ''}`];
  const details = progressDetails(p);
  if (details) parts.push(details);
  return parts.join(' · ');
}

/** The part after the counts: recalls and the job's own message. */
export function progressDetails(p: TrainerProgress): string {
  const parts: string[] = [];
  if (p.validRecall !== undefined) {
    parts.push(`valid recall ${formatMetric(p.validRecall)}${p.bestValidRecall !== undefined ? ` (best ${formatMetric(p.bestValidRecall)})` : ''}`);
  } else if (p.bestValidRecall !== undefined) {
    parts.push(`best valid recall ${formatMetric(p.bestValidRecall)}`);
  }
  if (p.message) parts.push(p.message);
  return parts.join(' · ');
}

/**
 * When plain progress lines (no TTY, or --json) are worth printing: on every phase change, each
 * further tenth of the phase, and at least every `everyMs` while something moves.
 */
export class ProgressLineThrottle {
  private phase: string | undefined;
  private lastTenth = -1;
  private lastAt = -Infinity;

  constructor(
    private readonly everyMs = 15_000,
    private readonly now: () => number = Date.now,
  ) {}

  shouldPrint(p: Pick<TrainerProgress, 'done' | 'total'> & { phase: string }): boolean {
    const tenth = p.total > 0 ? Math.floor((10 * p.done) / p.total) : 0;
    const at = this.now();
    const print = p.phase !== this.phase || tenth > this.lastTenth || at - this.lastAt >= this.everyMs;
    if (print) {
      this.phase = p.phase;
      this.lastTenth = tenth;
      this.lastAt = at;
    }
    return print;
  }
}

/**
 * Remaining time of a phase from its rate since the phase began: "eta 1m 05.0s", or '' until
 * there is a rate to go by.
 */
export function phaseEta(phaseStart: { at: number; done: number }, p: TrainerProgress, now: number): string {
  const moved = p.done - phaseStart.done;
  const elapsed = now - phaseStart.at;
  if (moved <= 0 || elapsed <= 0 || p.done >= p.total) return '';
  return `eta ${formatDuration(((p.total - p.done) * elapsed) / moved)}`;
}
