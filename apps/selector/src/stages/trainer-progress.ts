import type { TrainerProgress } from '@alkdrec/contracts';

/**
 * One short line for a trainer job's progress: its phase and, while training, validation recall at
 * the cut-off the trainer validates with (its progress says which: R@25 for teachers and students).
 */
export function describeTrainerProgress(p: TrainerProgress): string {
  if (p.phase === 'training' && p.validRecall !== undefined) {
    const recall = p.training ? `R@${p.training.validK}` : 'recall';
    return `step ${p.done}, valid ${recall} ${p.validRecall.toFixed(4)} (best ${(p.bestValidRecall ?? p.validRecall).toFixed(4)})`;
  }
  return p.message ?? p.phase;
}
