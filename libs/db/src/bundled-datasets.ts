import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The paper's selection orders shipped in reference-selections/<strategy>.txt. */
export const REFERENCE_SELECTION_STRATEGIES = ['alkdrec', 'rad-bc', 'random', 'easiest', 'hardest'] as const;
export type ReferenceSelectionStrategy = (typeof REFERENCE_SELECTION_STRATEGIES)[number];

/** Files of one dataset bundled under <repo>/datasets/<name>/ (see datasets/README.md). */
export interface BundledDatasetPaths {
  name: string;
  dir: string;
  /** items.csv.gz; named like ImportDatasetOptions so `{ name, ...paths }` can be imported. */
  itemsPath: string;
  sessionsPath: string;
  llmRankingsPath: string;
  hintsPath: string;
  /** recordings.json: which content (sha256) the recorded rankings and hints were made for. */
  recordingsManifestPath: string;
  /**
   * metadata.json: the dataset's metadata (prompt wording, default negatives; docs/data.md), kept in
   * this repository beside the data. A bundled dataset without one imports with the neutral metadata.
   */
  metadataPath: string;
  referenceSelectionPaths: Record<ReferenceSelectionStrategy, string>;
}

const LLM_RANKINGS_FILE = 'llm-rankings.gpt-4-turbo-2024-04-09.jsonl.gz';
/** A bundled dataset's metadata file (docs/data.md, "Dataset metadata"). */
export const DATASET_METADATA_FILE = 'metadata.json';

/**
 * The `datasets/` folder: ALKDREC_DATASETS_DIR if set (e.g. a container that mounts the data
 * elsewhere), else the nearest ancestor of this compiled file that has a `datasets/` folder holding
 * at least one bundled dataset, which is the repository root in a checkout.
 */
export function findDatasetsDir(env: NodeJS.ProcessEnv = process.env, start: string = __dirname): string {
  const configured = env['ALKDREC_DATASETS_DIR'];
  if (configured) {
    if (!isDirectory(configured)) throw new Error(`ALKDREC_DATASETS_DIR=${configured} is not a directory`);
    return path.resolve(configured);
  }
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'datasets');
    if (isDirectory(candidate) && datasetNamesIn(candidate).length > 0) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`no datasets/ folder with bundled datasets above ${start}; set ALKDREC_DATASETS_DIR`);
}

/** Names of the bundled datasets, sorted. */
export function listBundledDatasets(datasetsDir: string = findDatasetsDir()): string[] {
  return datasetNamesIn(datasetsDir);
}

export function bundledDatasetPaths(name: string, datasetsDir: string = findDatasetsDir()): BundledDatasetPaths {
  const available = datasetNamesIn(datasetsDir);
  if (!available.includes(name)) {
    throw new Error(`no bundled dataset ${JSON.stringify(name)} in ${datasetsDir}; available: ${available.join(', ') || 'none'}`);
  }
  const dir = path.join(datasetsDir, name);
  const referenceSelectionPaths = Object.fromEntries(
    REFERENCE_SELECTION_STRATEGIES.map((strategy) => [strategy, path.join(dir, 'reference-selections', `${strategy}.txt`)]),
  ) as Record<ReferenceSelectionStrategy, string>;
  return {
    name,
    dir,
    itemsPath: path.join(dir, 'items.csv.gz'),
    sessionsPath: path.join(dir, 'sessions.jsonl.gz'),
    llmRankingsPath: path.join(dir, LLM_RANKINGS_FILE),
    hintsPath: path.join(dir, 'hints.json'),
    recordingsManifestPath: path.join(dir, 'recordings.json'),
    metadataPath: path.join(dir, DATASET_METADATA_FILE),
    referenceSelectionPaths,
  };
}

/**
 * The bundled dataset called `name`, or undefined when there is none — also when no `datasets/`
 * folder can be found at all (an image that ships without the data bundles nothing).
 */
export function findBundledDataset(name: string, datasetsDir?: string): BundledDatasetPaths | undefined {
  let dir: string;
  try {
    dir = datasetsDir ?? findDatasetsDir();
  } catch {
    return undefined;
  }
  return datasetNamesIn(dir).includes(name) ? bundledDatasetPaths(name, dir) : undefined;
}

/** A sub-folder counts as a dataset when it has both input files. */
function datasetNamesIn(datasetsDir: string): string[] {
  return readdirSync(datasetsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => ['items.csv.gz', 'sessions.jsonl.gz'].every((file) => existsSync(path.join(datasetsDir, name, file))))
    .sort();
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
