/** A recorded ranking as a catalogue's item indices. */
export interface RecordedRankingIndices {
  /** Item indices in the recorded order, each once. */
  ranking: number[];
  /** Recorded ids this catalogue does not know (dropped). */
  droppedIds: number;
}

/**
 * A recorded ranking (catalogue ids as the LLM wrote them, made against the recording's own
 * candidates) as item indices of a catalogue: each item once, at its first place — 509 of
 * MovieLens' 4,992 recordings repeat an id, and a repeated item must neither be weighted twice nor
 * push others down (REFERENCE §4) — and ids the catalogue does not know dropped and counted. The
 * one rule for the llm-worker answering from replay and for `alkdrec distill` distilling the
 * recordings directly.
 */
export function recordedRankingIndices(ids: readonly string[], indexOf: (id: string) => number | undefined): RecordedRankingIndices {
  const ranking: number[] = [];
  const seen = new Set<number>();
  let droppedIds = 0;
  for (const id of ids) {
    const index = indexOf(id);
    if (index === undefined) droppedIds++;
    else if (!seen.has(index)) {
      seen.add(index);
      ranking.push(index);
    }
  }
  return { ranking, droppedIds };
}
