import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundledDatasetPaths, readDatasetFile } from '@alkdrec/db';
import { createRng, parseItemsCsv, parseSessionsJsonl, sampleWithoutReplacement, splitCounts, type CatalogueItem, type SessionLine } from '@alkdrec/recsys';

/** The drill's dataset is imported under this name (bundled names are taken; "movielens" picks the movie wording of the prompts). */
export const DRILL_DATASET = 'movielens-drill';

/** A model sees a session's last 10 items (REFERENCE §1): longer prefixes are cut to that. */
const MAX_SESSION_ITEMS = 10;

export interface DrillDatasetShape {
  /** The most frequent MovieLens items kept, with their real titles. */
  items: number;
  /** Distinct sessions taken from MovieLens (items outside the kept ones removed). */
  sessions: number;
  /** Training sessions given one or two exact copies (same items, same next item: the same ranking prompt). */
  repeated: number;
  seed: number;
}

export interface DrillDataset {
  items: { id: string; title: string }[];
  sessions: { items: string[]; next: string }[];
  /** Rows (0-based lines) of identical training sessions, one group per repeated session. */
  repeatedGroups: number[][];
}

/** The bundled MovieLens files, parsed. */
export async function loadMovieLens(): Promise<{ items: CatalogueItem[]; sessions: SessionLine[] }> {
  const paths = bundledDatasetPaths('movielens-hetrec2011');
  const [items, sessions] = await Promise.all([readDatasetFile(paths.itemsPath), readDatasetFile(paths.sessionsPath)]);
  return { items: parseItemsCsv(items.text, paths.itemsPath), sessions: parseSessionsJsonl(sessions.text, paths.sessionsPath) };
}

/**
 * A small dataset cut from MovieLens: its `items` most frequent items (real ids and titles), its
 * first `sessions` sessions that still have an item and a next item among them (last 10 items
 * kept), and `repeated` of the training sessions copied once or twice to random places of the
 * training split — rows whose ranking prompts coincide, which a run must ask once and share.
 * Deterministic in the shape (seed included).
 */
export function buildDrillDataset(source: { items: readonly CatalogueItem[]; sessions: readonly SessionLine[] }, shape: DrillDatasetShape): DrillDataset {
  const frequency = new Map<string, number>();
  for (const session of source.sessions) for (const id of [...session.items, session.next]) frequency.set(id, (frequency.get(id) ?? 0) + 1);
  const byFrequency = source.items.map((item, index) => ({ item, index, count: frequency.get(item.id) ?? 0 }));
  byFrequency.sort((a, b) => b.count - a.count || a.index - b.index);
  const kept = byFrequency.slice(0, shape.items).sort((a, b) => a.index - b.index);
  const keptIds = new Set(kept.map((k) => k.item.id));

  const sessions: DrillDataset['sessions'] = [];
  for (const session of source.sessions) {
    if (sessions.length === shape.sessions) break;
    const items = session.items.filter((id) => keptIds.has(id)).slice(-MAX_SESSION_ITEMS);
    if (items.length > 0 && keptIds.has(session.next)) sessions.push({ items, next: session.next });
  }
  if (sessions.length < shape.sessions) {
    throw new RangeError(`only ${sessions.length} MovieLens sessions keep an item and their next item among the ${shape.items} most frequent items; ask for fewer sessions or more items`);
  }

  const rng = createRng(shape.seed);
  const copies = Array.from({ length: shape.repeated }, () => 1 + rng.int(2));
  const copyCount = copies.reduce((n, c) => n + c, 0);
  const trainOriginals = splitCounts(sessions.length + copyCount).train - copyCount;
  if (shape.repeated > trainOriginals) {
    throw new RangeError(`cannot repeat ${shape.repeated} training sessions: ${sessions.length} sessions and their copies leave ${Math.max(0, trainOriginals)} to copy from; ask for more sessions or fewer repeats`);
  }
  const originals = [...sampleWithoutReplacement(rng, trainOriginals, shape.repeated)];
  const train = sessions.slice(0, trainOriginals);
  originals.forEach((original, i) => {
    for (let c = 0; c < (copies[i] as number); c++) train.splice(rng.int(train.length + 1), 0, sessions[original] as DrillDataset['sessions'][number]);
  });
  const all = [...train, ...sessions.slice(trainOriginals)];
  return { items: kept.map(({ item }) => ({ id: item.id, title: item.title })), sessions: all, repeatedGroups: identicalTrainingRows(all, train.length) };
}

/** Groups of rows among the first `trainCount` whose session and next item are the same. */
function identicalTrainingRows(sessions: DrillDataset['sessions'], trainCount: number): number[][] {
  const rowsByContent = new Map<string, number[]>();
  sessions.slice(0, trainCount).forEach((session, row) => {
    const key = JSON.stringify(session);
    rowsByContent.set(key, [...(rowsByContent.get(key) ?? []), row]);
  });
  return [...rowsByContent.values()].filter((rows) => rows.length > 1);
}

/** Writes items.csv and sessions.jsonl (docs/data.md formats) into `dir`. */
export async function writeDrillDataset(dir: string, dataset: DrillDataset): Promise<{ itemsPath: string; sessionsPath: string }> {
  await mkdir(dir, { recursive: true });
  const itemsPath = join(dir, 'items.csv');
  const sessionsPath = join(dir, 'sessions.jsonl');
  const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  await writeFile(itemsPath, ['itemID,title', ...dataset.items.map((item) => `${csvField(item.id)},${csvField(item.title)}`)].join('\n') + '\n');
  await writeFile(sessionsPath, dataset.sessions.map((session) => JSON.stringify(session)).join('\n') + '\n');
  return { itemsPath, sessionsPath };
}
