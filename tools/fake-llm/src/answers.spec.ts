import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AnswerEngine, BUILT_IN_HINTS, formatRanking, MALFORMED_ANSWER } from './answers';
import { RecordedAnswers } from './recorded-answers';
import { candidateIds, rankingIds } from './testing/ranking-prompt-fixture';

describe('AnswerEngine', () => {
  const candidates = candidateIds(50);
  const items = { sessionItemIds: ['s1', 's2'], candidateIds: candidates };

  it('answers an unrecorded session with 25 distinct candidates, the same for the same prompt', () => {
    const engine = new AnswerEngine({ seed: 1, rankingLength: 25 });
    const a = engine.ranking(items, 'hash-a');
    assert.equal(a.source, 'deterministic');
    const ids = rankingIds(a.text);
    assert.equal(ids.length, 25);
    assert.equal(new Set(ids).size, 25);
    assert.ok(ids.every((id) => candidates.includes(id)));
    assert.equal(engine.ranking(items, 'hash-a').text, a.text);
    assert.notEqual(engine.ranking(items, 'hash-b').text, a.text);
    assert.notEqual(new AnswerEngine({ seed: 2, rankingLength: 25 }).ranking(items, 'hash-a').text, a.text);
    assert.notDeepEqual(ids, candidates.slice(0, 25), 'a permutation, not the teacher order');
  });

  it('returns every candidate when there are fewer than the ranking length', () => {
    const ids = rankingIds(new AnswerEngine({ seed: 0, rankingLength: 25 }).ranking({ sessionItemIds: [], candidateIds: ['x', 'y', 'x'] }, 'h').text);
    assert.deepEqual([...ids].sort(), ['x', 'y']);
  });

  it('serves the recorded ranking as recorded when the session is known', () => {
    const recordings = new RecordedAnswers([{ dataset: 'd', row: 3, sessionItemIds: ['s1', 's2'], next: 'c1', ranking: ['c9', 'c3', 'c9'] }]);
    const answer = new AnswerEngine({ seed: 0, rankingLength: 25, recordings }).ranking(items, 'h');
    assert.deepEqual(answer, { text: '[<c9>, <c3>, <c9>]', source: 'recorded' });
  });

  it('writes off-candidate answers with no candidate at all, starting with the session items', () => {
    const ids = rankingIds(new AnswerEngine({ seed: 0, rankingLength: 25 }).offCandidate(items));
    assert.equal(ids.length, 25);
    assert.deepEqual(ids.slice(0, 2), ['s1', 's2']);
    assert.ok(ids.every((id) => !candidates.includes(id)));
  });

  it('writes hints as a numbered list, built-in ones without recordings', () => {
    const text = new AnswerEngine({ seed: 0, rankingLength: 25 }).hints();
    assert.equal(text.split('\n').length, BUILT_IN_HINTS.length);
    assert.match(text, /^1\. Simulated hint/);
  });

  it('has a malformed answer without anything id-like', () => {
    assert.doesNotMatch(MALFORMED_ANSWER, /[0-9<>[\]]/);
    assert.equal(formatRanking(['1', 'B00X']), '[<1>, <B00X>]');
  });
});
