import { bundledDatasetPaths, readDatasetFile } from '@alkdrec/db';
import { catalogueIdsOnly, parseHintsFile, parseRecordedRankings } from '@alkdrec/llm';
import { buildDataset, parseItemsCsv, parseSessionsJsonl } from '@alkdrec/recsys';

/** The model input length (REFERENCE §1): a prompt may show only the session's last 10 items. */
export const SESSION_WINDOW = 10;

/** A recorded GPT-4 ranking and the session it answered. */
export interface RecordedAnswer {
  dataset: string;
  /** 0-based line of sessions.jsonl. */
  row: number;
  /** As recorded (length, order and repeats kept), minus the `#N` ids the file marks as outside the catalogue. */
  ranking: string[];
  /** The session's true next item: tells apart sessions that show the same items (see `find`). */
  next: string;
}

export interface RecordedSession extends RecordedAnswer {
  /** The session's catalogue item ids in time order (unknown ids removed, as the paper does). */
  sessionItemIds: string[];
}

export interface RecordedAnswersSummary {
  datasets: string[];
  rankings: number;
  /** Recordings whose session row was dropped by the paper's filtering (no usable session). */
  unindexed: number;
  /** Recorded sessions whose key an earlier session already has (see `find` for which one answers). */
  ambiguousFullKeys: number;
  ambiguousLastWindowKeys: number;
}

/**
 * Recorded answers indexed by what the prompt shows: the session's item ids, in order. A prompt is
 * matched first against every session's full item sequence, then against the sessions' last
 * SESSION_WINDOW items, so a prompt builder may show either.
 */
export class RecordedAnswers {
  private readonly byFullSequence = new Map<string, RecordedAnswer[]>();
  private readonly byLastWindow = new Map<string, RecordedAnswer[]>();
  readonly summary: RecordedAnswersSummary;

  constructor(
    sessions: readonly RecordedSession[],
    /** Hint texts served for hint prompts (empty: the server's built-in hints). */
    readonly hints: readonly string[] = [],
    datasets: readonly string[] = [],
    unindexed = 0,
  ) {
    // Lowest row first, so that `find`'s fallback is the earliest session whatever the input order.
    const ordered = [...sessions].sort((a, b) => a.dataset.localeCompare(b.dataset) || a.row - b.row);
    let ambiguousFullKeys = 0;
    let ambiguousLastWindowKeys = 0;
    for (const session of ordered) {
      const recording: RecordedAnswer = { dataset: session.dataset, row: session.row, ranking: session.ranking, next: session.next };
      if (!append(this.byFullSequence, sequenceKey(session.sessionItemIds), recording)) ambiguousFullKeys++;
      if (!append(this.byLastWindow, sequenceKey(session.sessionItemIds.slice(-SESSION_WINDOW)), recording)) ambiguousLastWindowKeys++;
    }
    this.summary = { datasets: [...datasets], rankings: sessions.length, unindexed, ambiguousFullKeys, ambiguousLastWindowKeys };
  }

  /**
   * The recording for a prompt's session. Several sessions can show the same items (20 keys of
   * amazon-games): then the one whose true next item is among the prompt's candidates answers
   * (the candidates always include it, REFERENCE §4), else the lowest row.
   */
  find(sessionItemIds: readonly string[], candidateIds: readonly string[] = []): RecordedAnswer | undefined {
    const key = sequenceKey(sessionItemIds);
    const matches = this.byFullSequence.get(key) ?? this.byLastWindow.get(key);
    if (matches === undefined) return undefined;
    return matches.find((m) => candidateIds.includes(m.next)) ?? matches[0];
  }
}

/** Loads the recordings and hints of bundled datasets (datasets/<name>/). Hints come from the first. */
export async function loadRecordedAnswers(datasetNames: readonly string[], datasetsDir?: string): Promise<RecordedAnswers> {
  const sessions: RecordedSession[] = [];
  let unindexed = 0;
  let hints: string[] = [];
  for (const name of datasetNames) {
    const loaded = await loadOneDataset(name, datasetsDir);
    sessions.push(...loaded.sessions);
    unindexed += loaded.unindexed;
    if (hints.length === 0) hints = loaded.hints;
  }
  return new RecordedAnswers(sessions, hints, datasetNames, unindexed);
}

async function loadOneDataset(name: string, datasetsDir?: string): Promise<{ sessions: RecordedSession[]; unindexed: number; hints: string[] }> {
  const paths = datasetsDir === undefined ? bundledDatasetPaths(name) : bundledDatasetPaths(name, datasetsDir);
  const [itemsFile, sessionsFile, rankingsFile, hintsFile] = await Promise.all([
    readDatasetFile(paths.itemsPath),
    readDatasetFile(paths.sessionsPath),
    readDatasetFile(paths.llmRankingsPath),
    readDatasetFile(paths.hintsPath),
  ]);
  const items = parseItemsCsv(itemsFile.text, paths.itemsPath);
  // buildDataset applies the paper's filtering, so the indexed sequence is what a prompt can show.
  const built = buildDataset(items, parseSessionsJsonl(sessionsFile.text, paths.sessionsPath));
  const idOf = (index: number): string => (items[index] as { id: string }).id;
  const sessionOfRow = new Map(built.sessions.map((s) => [s.row, { itemIds: s.items.map(idOf), next: idOf(s.next) }]));

  const sessions: RecordedSession[] = [];
  let unindexed = 0;
  for (const line of parseRecordedRankings(rankingsFile.text, paths.llmRankingsPath)) {
    const session = sessionOfRow.get(line.row);
    if (session === undefined) unindexed++;
    // A `#N` id is the file's annotation, not text the LLM wrote; served as `<#N>` a parser would
    // read the id N, which may well be a real candidate.
    else sessions.push({ dataset: name, row: line.row, ranking: catalogueIdsOnly(line.ranking), next: session.next, sessionItemIds: session.itemIds });
  }
  return { sessions, unindexed, hints: parseHintsFile(hintsFile.text, paths.hintsPath).hints };
}

/** JSON of the id list: unambiguous whatever characters ids contain. */
function sequenceKey(ids: readonly string[]): string {
  return JSON.stringify(ids);
}

/** Adds `value` under `key`; false when the key was already taken (an ambiguous key). */
function append<K, V>(map: Map<K, V[]>, key: K, value: V): boolean {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
  return list === undefined;
}
