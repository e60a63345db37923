import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GAME_DOMAIN, MOVIE_DOMAIN } from './dataset-domain';
import { buildHintPrompt } from './hint-prompt';

describe('buildHintPrompt', () => {
  const samples = [
    { sessionTitles: ['Stargate', 'The Matrix'], recommendedTitles: Array.from({ length: 20 }, (_, i) => `Rec ${i}`) },
    { sessionTitles: ['Toy story'], recommendedTitles: ['Toy story 2', 'A "quoted" [title]\nwith a break'] },
  ];

  it('shows every case with quoted titles and asks for a strict high-level summary as a numbered list', () => {
    const text = buildHintPrompt(samples, MOVIE_DOMAIN).user;
    assert.match(text, /STRICTLY summarise the main logic/);
    assert.match(text, /a user watched some movies .* top 20 movies/);
    assert.match(text, /We provide 2 cases/);
    assert.match(text, /Case 1:\n- the user watched: "Stargate"; "The Matrix"\n- the recommender system suggested: "Rec 0"; "Rec 1";/);
    assert.match(text, /Case 2:\n- the user watched: "Toy story"\n- the recommender system suggested: "Toy story 2"; "A \\"quoted\\" \(title\) with a break"$/m);
    assert.match(text, /Do not analyse specific items/);
    assert.match(text, /numbered list/);
    assert.doesNotMatch(text, /[[\]]/);
  });

  it('uses the domain wording', () => {
    assert.match(buildHintPrompt(samples.slice(1), GAME_DOMAIN).user, /a user bought some games .*We provide 1 case for/s);
  });

  it('refuses an empty sample', () => {
    assert.throws(() => buildHintPrompt([], MOVIE_DOMAIN), /no sample sessions/);
  });
});
