import { PICK_KINDS, type PickKind } from '../figures/anatomy-figure';
import type { SelectionPick } from './report-input';

/** REFERENCE §5's kinds: effective (LLM right, student wrong), similar (both right), incorrect (LLM wrong). */
export function kindOfPick(pick: SelectionPick): PickKind {
  if (!pick.answered || pick.llmRight === null) return 'no answer';
  if (!pick.llmRight) return 'incorrect';
  if (pick.studentRight === null) return 'LLM right, student unknown';
  return pick.studentRight ? 'similar' : 'effective';
}

export function countKinds(picks: readonly SelectionPick[]): Record<PickKind, number> {
  const counts = Object.fromEntries(PICK_KINDS.map((k) => [k, 0])) as Record<PickKind, number>;
  for (const pick of picks) counts[kindOfPick(pick)]++;
  return counts;
}

/** "Right" means within the top 25: the LLM's ranking (position < 25) and the student's full-catalogue rank (< 25). */
export const RIGHT_WITHIN = 25;
