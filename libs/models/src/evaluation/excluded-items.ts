import type { EvalExclusion } from '@alkdrec/contracts';

/**
 * The items a session's ranking leaves out under `exclusion` (REFERENCE §1, docs/metrics.md):
 * `session` — every item of the session; `window` — only the last `windowLength` items, the model's
 * input, as the authors' evaluation does. They differ only for sessions longer than the window,
 * whose earlier items `window` lets back into the ranking (and a target among them can be hit).
 */
export function excludedItems(items: readonly number[], exclusion: EvalExclusion, windowLength: number): Set<number> {
  switch (exclusion) {
    case 'session':
      return new Set(items);
    case 'window':
      return new Set(items.slice(-windowLength));
  }
}
