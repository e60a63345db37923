import { createRng, sampleWithoutReplacement } from '@alkdrec/recsys';

/** How many training sessions the hint prompt shows (the reference drew 20). */
export const DEFAULT_HINT_SAMPLE_COUNT = 20;

/**
 * Which training sessions (0-based ordinals into the training split) go into the hint prompt:
 * `count` distinct ones drawn uniformly with the seeded generator, returned in training order so
 * the prompt reads chronologically. The same seed gives the same prompt, hence the same cache key
 * in the response store. The reference drew `randint(0, 7000, 20)`: with replacement and never from
 * the last sessions of the training split; we draw without replacement from all of it.
 */
export function sampleHintSessions(count: number, trainSize: number, seed: number): number[] {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  if (!Number.isSafeInteger(trainSize) || trainSize < count) {
    throw new RangeError(`cannot draw ${count} distinct sessions from a training split of ${trainSize}`);
  }
  const drawn = sampleWithoutReplacement(createRng(seed), trainSize, count);
  return Array.from(drawn).sort((a, b) => a - b);
}
