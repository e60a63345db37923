import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundledDatasetPaths, listBundledDatasets, readDatasetFile } from '@alkdrec/db';
import { loadDatasetRecordings } from './replay-recordings';
import { REPLAY_MODEL } from './replay-provider';
import { loadRecordingsManifest } from './recordings-manifest';

describe('the committed recordings manifests', () => {
  for (const dataset of listBundledDatasets()) {
    it(`${dataset}: names the content of its bundled files and the model of its recordings`, async () => {
      const manifest = await loadRecordingsManifest(dataset);
      assert.ok(manifest, `no recordings.json for ${dataset}`);
      const paths = bundledDatasetPaths(dataset);
      const [items, sessions] = await Promise.all([readDatasetFile(paths.itemsPath), readDatasetFile(paths.sessionsPath)]);
      assert.deepEqual(
        [manifest.itemsContentSha256, manifest.sessionsContentSha256],
        [items.contentSha256, sessions.contentSha256],
        'recordings.json and the bundled items.csv.gz / sessions.jsonl.gz disagree',
      );
      assert.equal(manifest.model, REPLAY_MODEL);
      assert.equal((await loadDatasetRecordings(dataset)).model, manifest.model, "hints.json's model");
      assert.ok(path.basename(paths.llmRankingsPath).includes(manifest.model), "the rankings file's model");
    });
  }
});

describe(loadRecordingsManifest.name, () => {
  let datasetsDir: string;
  before(async () => {
    datasetsDir = await mkdtemp(path.join(tmpdir(), 'alkdrec-manifest-'));
  });
  after(() => rm(datasetsDir, { recursive: true, force: true }));

  async function bundle(name: string, manifest: string | undefined): Promise<void> {
    await mkdir(path.join(datasetsDir, name), { recursive: true });
    for (const file of ['items.csv.gz', 'sessions.jsonl.gz']) await writeFile(path.join(datasetsDir, name, file), '');
    if (manifest !== undefined) await writeFile(path.join(datasetsDir, name, 'recordings.json'), manifest);
  }

  it('is undefined for a dataset that is not bundled', async () => {
    assert.equal(await loadRecordingsManifest('my-own-data'), undefined);
  });

  it('refuses a missing or malformed manifest of a bundled dataset, naming the file and the field', async () => {
    await bundle('no-manifest', undefined);
    await assert.rejects(loadRecordingsManifest('no-manifest', datasetsDir), /bad recordings manifest .*no-manifest\/recordings\.json: ENOENT/);
    await bundle('short-hash', JSON.stringify({ dataset: 'short-hash', model: 'm', itemsContentSha256: 'abc', sessionsContentSha256: 'f'.repeat(64) }));
    await assert.rejects(loadRecordingsManifest('short-hash', datasetsDir), /short-hash\/recordings\.json: itemsContentSha256: a sha256 in lower-case hex/);
    await bundle('other-name', JSON.stringify({ dataset: 'x', model: 'm', itemsContentSha256: 'f'.repeat(64), sessionsContentSha256: 'f'.repeat(64) }));
    await assert.rejects(loadRecordingsManifest('other-name', datasetsDir), /it names dataset "x", not "other-name"/);
  });
});
