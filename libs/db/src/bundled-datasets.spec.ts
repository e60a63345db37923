import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundledDatasetPaths, findDatasetsDir, listBundledDatasets, REFERENCE_SELECTION_STRATEGIES } from './bundled-datasets';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
let scratch: string;

before(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'alkdrec-bundled-'));
});
after(() => rm(scratch, { recursive: true, force: true }));

describe('bundled datasets', () => {
  it('finds the repository datasets folder from the compiled code', () => {
    assert.equal(findDatasetsDir({}), path.join(repoRoot, 'datasets'));
    assert.deepEqual(listBundledDatasets(), ['amazon-games', 'movielens-hetrec2011']);
  });

  it('resolves every file of a bundled dataset, and they exist', () => {
    const paths = bundledDatasetPaths('movielens-hetrec2011');
    assert.equal(paths.itemsPath, path.join(repoRoot, 'datasets', 'movielens-hetrec2011', 'items.csv.gz'));
    const files = [paths.itemsPath, paths.sessionsPath, paths.llmRankingsPath, paths.hintsPath];
    files.push(...REFERENCE_SELECTION_STRATEGIES.map((s) => paths.referenceSelectionPaths[s]));
    for (const file of files) assert.ok(existsSync(file), file);
  });

  it('names the available datasets when asked for an unknown one', () => {
    assert.throws(() => bundledDatasetPaths('netflix'), /no bundled dataset "netflix" .*available: amazon-games, movielens-hetrec2011/);
  });

  it('honours ALKDREC_DATASETS_DIR and ignores folders without both input files', async () => {
    await mkdir(path.join(scratch, 'one'));
    await writeFile(path.join(scratch, 'one', 'items.csv.gz'), '');
    await writeFile(path.join(scratch, 'one', 'sessions.jsonl.gz'), '');
    await mkdir(path.join(scratch, 'half'));
    await writeFile(path.join(scratch, 'half', 'items.csv.gz'), '');
    const dir = findDatasetsDir({ ALKDREC_DATASETS_DIR: scratch });
    assert.deepEqual(listBundledDatasets(dir), ['one']);
    assert.throws(() => findDatasetsDir({ ALKDREC_DATASETS_DIR: path.join(scratch, 'missing') }), /is not a directory/);
  });

  it('fails clearly when no datasets folder is above the start', () => {
    assert.throws(() => findDatasetsDir({}, scratch), /no datasets\/ folder with bundled datasets above/);
  });
});
