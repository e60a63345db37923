import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { correctiveMessage, MAX_RANKING_ATTEMPTS } from './corrective-message';
import { parseRankingAnswer } from './ranking-answer';

describe('correctiveMessage', () => {
  const candidateIds = ['1610', '42', '7'];

  it('says the answer had no candidate ids, lists the candidates and repeats the format', () => {
    const parsed = parseRankingAnswer('I would recommend Toy story.', candidateIds, '42', 2);
    const message = correctiveMessage({ parsed, candidateIds, outputSize: 2 });
    assert.match(message, /could not be used: it contained no candidate ids\./);
    assert.match(message, /The candidate ids are: <1610>, <42>, <7>\./);
    assert.match(message, /EXACTLY 2 of these ids.* as \[<ID1>, <ID2>\] without any other message\.$/);
  });

  it('counts the off-candidate ids the answer named', () => {
    const one = parseRankingAnswer('[<5555>]', candidateIds, '42');
    assert.match(correctiveMessage({ parsed: one, candidateIds, outputSize: 25 }), /it named 1 id that is not among the candidates/);
    const three = parseRankingAnswer('[<5555>, <6666>, <ID1>]', candidateIds, '42');
    assert.match(correctiveMessage({ parsed: three, candidateIds, outputSize: 25 }), /it named 3 ids that are not among/);
  });

  it('allows one retry', () => {
    assert.equal(MAX_RANKING_ATTEMPTS, 2);
  });
});
