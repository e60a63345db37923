import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { datasetContentOf, type DatasetContent } from '@alkdrec/db';
import { checkReplayDataset, ReplayDatasetMismatchError } from './check-replay-dataset';
import type { RecordingsManifest } from './recordings-manifest';

const ITEMS = 'a'.repeat(64);
const SESSIONS = 'b'.repeat(64);
const MANIFEST: RecordingsManifest = { dataset: 'movielens-hetrec2011', model: 'gpt-4-turbo-2024-04-09', itemsContentSha256: ITEMS, sessionsContentSha256: SESSIONS };

/** The content hashes of Dataset.source as the importer writes it. */
function source(items: string, sessions: string): DatasetContent {
  return datasetContentOf({
    items: { path: '/data/items.csv', sha256: 'x', contentSha256: items },
    sessions: { path: '/data/sessions.jsonl', sha256: 'y', contentSha256: sessions },
    droppedRowsBy: { unknownNext: 0, noKnownItems: 0 },
  });
}

function refusal(check: ReturnType<typeof checkReplayDataset>): ReplayDatasetMismatchError {
  assert.equal(check.ok, false);
  if (check.ok) throw new Error('unreachable');
  assert.ok(check.error instanceof ReplayDatasetMismatchError);
  return check.error;
}

describe(checkReplayDataset.name, () => {
  it('accepts the content the recordings were made for', () => {
    assert.deepEqual(checkReplayDataset({ name: 'movielens-hetrec2011', content: source(ITEMS, SESSIONS) }, MANIFEST), { ok: true });
  });

  it("refuses other content under the bundled name, naming the dataset and both files' hashes, shortened", () => {
    const error = refusal(checkReplayDataset({ name: 'movielens-hetrec2011', content: source('c'.repeat(64), SESSIONS) }, MANIFEST));
    assert.equal(error.dataset, 'movielens-hetrec2011');
    assert.equal(
      error.message,
      'replay cannot answer for dataset "movielens-hetrec2011": its recorded gpt-4-turbo-2024-04-09 answers and hints were made for the bundled copy ' +
        '(items aaaaaaaaaaaa…, sessions bbbbbbbbbbbb…), but the imported dataset has other content (items cccccccccccc…, sessions bbbbbbbbbbbb…); ' +
        'import your files under another name and use a live --provider, or replace this dataset with the bundled copy',
    );
  });

  it('refuses a dataset whose source has no content hashes', () => {
    assert.match(refusal(checkReplayDataset({ name: 'movielens-hetrec2011', content: datasetContentOf({}) }, MANIFEST)).message, /\(items not recorded, sessions not recorded\)/);
  });

  it('refuses a dataset that is not bundled (no manifest)', () => {
    assert.match(
      refusal(checkReplayDataset({ name: 'mine', content: source(ITEMS, SESSIONS) }, undefined)).message,
      /^replay has recorded answers only for the bundled datasets, and "mine" is not one of them; run it with a live --provider$/,
    );
  });
});
