import { splitCounts, type SplitCounts } from './split';

/** What decides whether a dataset can be trained on: its catalogue and its kept sessions per split. */
export interface DatasetSize extends SplitCounts {
  items: number;
}

/**
 * The smallest dataset the whole method runs on (docs/data.md, "Minimums"):
 * - items: a ranking needs something to rank against the true item;
 * - train: the hints stage draws 20 distinct training sessions (REFERENCE §4, libs/llm's
 *   DEFAULT_HINT_SAMPLE_COUNT, checked by a test there), and in-batch BPR needs 2 sessions a batch;
 * - valid, test: early stopping and the reported metrics are computed over these splits; an empty
 *   one leaves TensorFlow reshaping zero sessions.
 */
export const MIN_DATASET_SIZE: Readonly<DatasetSize> = { items: 2, train: 20, valid: 1, test: 1 };

/** Why a dataset of this size cannot be trained and evaluated (a sentence for the user), or undefined when it can. */
export function untrainableReason(size: DatasetSize, minimum: Readonly<DatasetSize> = MIN_DATASET_SIZE): string | undefined {
  if (size.items < minimum.items) {
    return `the catalogue has ${plural(size.items, 'item')}; at least ${minimum.items} are needed`;
  }
  const short = (['train', 'valid', 'test'] as const).filter((split) => size[split] < minimum[split]);
  if (short.length === 0) return undefined;
  const kept = size.train + size.valid + size.test;
  return (
    `${plural(kept, 'session')} kept after filtering (${size.train} train / ${size.valid} valid / ${size.test} test); ` +
    `training needs at least ${minimum.train} train, ${minimum.valid} valid and ${minimum.test} test sessions, ` +
    `i.e. at least ${minimumKeptSessions(minimum)} kept sessions with the 60/20/20 split`
  );
}

/** The fewest kept sessions whose 60/20/20 split meets every split's minimum. */
export function minimumKeptSessions(minimum: Readonly<SplitCounts> = MIN_DATASET_SIZE): number {
  for (let kept = 0; ; kept++) {
    const counts = splitCounts(kept);
    if (counts.train >= minimum.train && counts.valid >= minimum.valid && counts.test >= minimum.test) return kept;
  }
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
