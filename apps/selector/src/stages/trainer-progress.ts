import type { TrainerProgress } from '@alkdrec/contracts';

/** One short line for a trainer job's progress: its phase and, while training, validation recall. */
export function describeTrainerProgress(p: TrainerProgress): string {
  if (p.phase === 'training' && p.validRecall !== undefined) {
    return `step ${p.done}, valid R@50 ${p.validRecall.toFixed(4)} (best ${(p.bestValidRecall ?? p.validRecall).toFixed(4)})`;
  }
  return p.message ?? p.phase;
}
