import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bundledDatasetPaths, readDatasetFile } from '@alkdrec/db';
import { answerIds, parseHintsAnswer, parseRecordedRankings } from '@alkdrec/llm';
import { ProviderPermanentError } from '../errors/provider-errors';
import { expectProviderError } from '../testing/expect-provider-error';
import { loadDatasetRecordings, type DatasetRecordings } from './replay-recordings';
import { ReplayProvider } from './replay-provider';

let games: DatasetRecordings;
before(async () => {
  games = await loadDatasetRecordings('amazon-games');
});

describe('ReplayProvider on the bundled recordings', () => {
  it('loads every recorded amazon-games ranking and the four hints', () => {
    assert.equal(games.rankingByRow.size, 5359);
    assert.equal(games.hints.length, 4);
    assert.equal(games.model, 'gpt-4-turbo-2024-04-09');
  });

  it('returns a recorded ranking as recorded, written so the ranking parser reads the same ids back', async () => {
    const [row, recorded] = [...games.rankingByRow].find(([, ranking]) => ranking.length === 25) as [number, string[]];
    const answer = await new ReplayProvider().complete({ user: 'ignored', maxTokens: 300, replayKey: { task: 'ranking', dataset: 'amazon-games', row } });
    assert.equal(answer.kind, 'answer');
    if (answer.kind !== 'answer') return;
    assert.equal(answer.text, `[${recorded.map((id) => `<${id}>`).join(', ')}]`);
    const ids = new Set(recorded);
    assert.deepEqual(answerIds(answer.text, (id) => ids.has(id)), recorded);
    assert.deepEqual([answer.inputTokens, answer.outputTokens, answer.latencyMs], [0, 0, 0]);
  });

  it('says not-available for a session with no recording, and for a request with no replay key', async () => {
    const provider = new ReplayProvider();
    const unrecorded = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((row) => !games.rankingByRow.has(row)) ?? 10_000_000;
    const missing = await provider.complete({ user: 'x', maxTokens: 10, replayKey: { task: 'ranking', dataset: 'amazon-games', row: unrecorded } });
    assert.deepEqual(missing, { kind: 'not-available', reason: `no recorded ranking for amazon-games session row ${unrecorded}` });
    assert.equal((await provider.complete({ user: 'x', maxTokens: 10 })).kind, 'not-available');
  });

  it('returns the recorded hints as a numbered list the hint parser reads back', async () => {
    const answer = await new ReplayProvider().complete({ user: 'x', maxTokens: 500, replayKey: { task: 'hints', dataset: 'amazon-games' } });
    assert.equal(answer.kind, 'answer');
    if (answer.kind === 'answer') assert.deepEqual(parseHintsAnswer(answer.text), games.hints);
  });

  it('drops non-catalogue (#N) ids from a recording, keeping the order of the rest', async () => {
    const paths = bundledDatasetPaths('movielens-hetrec2011');
    const raw = parseRecordedRankings((await readDatasetFile(paths.llmRankingsPath)).text);
    const marked = raw.find((r) => r.ranking.some((id) => id.startsWith('#')));
    assert.ok(marked !== undefined, 'the movielens recordings have a #N id');
    const answer = await new ReplayProvider().complete({ user: 'x', maxTokens: 300, replayKey: { task: 'ranking', dataset: 'movielens-hetrec2011', row: marked.row } });
    assert.equal(answer.kind, 'answer');
    if (answer.kind !== 'answer') return;
    assert.ok(!answer.text.includes('#'));
    assert.equal(answer.text, `[${marked.ranking.filter((id) => !id.startsWith('#')).map((id) => `<${id}>`).join(', ')}]`);
  });

  it('refuses an unknown dataset as a permanent error', async () => {
    const error = await expectProviderError(
      new ReplayProvider().complete({ user: 'x', maxTokens: 10, replayKey: { task: 'hints', dataset: 'no-such-dataset' } }),
      ProviderPermanentError,
    );
    assert.match(error.message, /no bundled dataset "no-such-dataset"/);
  });

  it('answers with the content as recorded, and only for the dataset content the recordings were made for', async () => {
    const ml = await loadDatasetRecordings('movielens-hetrec2011');
    const manifest = ml.manifest;
    assert.ok(manifest, 'the bundled recordings say which content they fit');
    const [row, recorded] = [...ml.rankingByRow][0] as [number, readonly string[]];
    const key = (content: { itemsSha256: string | undefined; sessionsSha256: string | undefined }) =>
      ({ task: 'ranking' as const, dataset: 'movielens-hetrec2011', row, content });
    const provider = new ReplayProvider();
    const answer = await provider.complete({ user: 'x', maxTokens: 300, replayKey: key({ itemsSha256: manifest.itemsContentSha256, sessionsSha256: manifest.sessionsContentSha256 }) });
    assert.equal(answer.kind, 'answer');
    assert.deepEqual(answer.kind === 'answer' && answer.recorded, { task: 'ranking', ids: [...recorded] }, 'structured, not text to parse back');
    // The user's own rows imported under the bundled name: refused, for good, before anything is answered.
    const error = await expectProviderError(
      provider.complete({ user: 'x', maxTokens: 300, replayKey: key({ itemsSha256: manifest.itemsContentSha256, sessionsSha256: 'f'.repeat(64) }) }),
      ProviderPermanentError,
    );
    assert.equal(error.errorClass, 'recordings_mismatch');
    assert.match(error.message, /replay cannot answer for dataset "movielens-hetrec2011"/);
  });
});
