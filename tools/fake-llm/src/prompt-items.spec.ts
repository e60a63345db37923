import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractPromptItems } from './prompt-items';
import { candidateIds, rankingPromptText } from './testing/ranking-prompt-fixture';

describe('extractPromptItems (the @alkdrec/llm ranking prompt layout)', () => {
  it('splits session items from candidates at the "candidate" line, in the order shown', () => {
    const prompt = rankingPromptText({ sessionIds: ['316', 'B00005TNI6', 'a-b.c'], candidateIds: candidateIds(50) });
    const items = extractPromptItems(prompt);
    assert.deepEqual(items?.sessionItemIds, ['316', 'B00005TNI6', 'a-b.c']);
    assert.deepEqual(items?.candidateIds, candidateIds(50));
  });

  it('ignores the answer template [<ID1>, …] and a corrective message listing <id>, <id>', () => {
    const corrective = 'Your previous answer could not be used: it contained no candidate ids.\nThe candidate ids are: <c1>, <c2>, <x9>.';
    const prompt = `${rankingPromptText({ sessionIds: ['1'], candidateIds: ['c1', 'c2'] })}\n\n${corrective}`;
    assert.deepEqual(extractPromptItems(prompt), { sessionItemIds: ['1'], candidateIds: ['c1', 'c2'] });
  });

  it('splits at a header line only, never at a title containing the word', () => {
    const prompt = [
      'The user has watched 2 movies, oldest first:',
      '<2>: "The Manchurian Candidate"',
      '<3>: "Candidate (2014)"',
      'Based on these, rank ALL these 1 candidate movies by how likely the user is to watch each one next:',
      '<4>: "Toy story"',
    ].join('\n');
    assert.deepEqual(extractPromptItems(prompt), { sessionItemIds: ['2', '3'], candidateIds: ['4'] });
  });

  it('is not fooled by a hint that mentions candidates before the session', () => {
    const prompt = rankingPromptText({ sessionIds: ['1', '2'], candidateIds: ['3'], hints: ['Prefer candidates from the same series.'] });
    assert.deepEqual(extractPromptItems(prompt), { sessionItemIds: ['1', '2'], candidateIds: ['3'] });
  });

  it('returns null for a prompt with titles only (the hint prompt) or with no candidate section', () => {
    assert.equal(extractPromptItems('Case 1:\n- the user watched: "Toy story"\n- the recommender system suggested: "Jumanji"'), null);
    assert.equal(extractPromptItems('The user has watched 1 movie:\n<1>: "Toy story"\nWhat next?'), null);
    assert.equal(extractPromptItems('Rank these candidate movies:'), null);
  });
});
