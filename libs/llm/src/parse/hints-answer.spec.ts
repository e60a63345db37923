import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HintsParseError, parseHintsAnswer } from './hints-answer';

describe('parseHintsAnswer', () => {
  it('reads a numbered list, dropping the preamble, the closing remark and markdown emphasis', () => {
    const answer = [
      'Here are the main patterns:',
      '',
      '1. **Sequel and Franchise Continuity**: The system suggests sequels.',
      '2. **Genre Affinity**: Same or similar genres.',
      '3. In disregard of diversity: the same item again,',
      '   e.g. its special edition.',
      '',
      'These hints summarise the cases.',
    ].join('\n');
    assert.deepEqual(parseHintsAnswer(answer), [
      'Sequel and Franchise Continuity: The system suggests sequels.',
      'Genre Affinity: Same or similar genres.',
      'In disregard of diversity: the same item again, e.g. its special edition.',
    ]);
  });

  it('reads bullets and joins nested bullets onto their hint', () => {
    const answer = '- Platform: compatible games\n  - and accessories\n* Series loyalty\r\n• Bundles';
    assert.deepEqual(parseHintsAnswer(answer), ['Platform: compatible games and accessories', 'Series loyalty', 'Bundles']);
  });

  it('reads markdown headings that carry the numbers', () => {
    assert.deepEqual(parseHintsAnswer('### 1. Genre\nSame genres.\n### 2. Era\nSame years.'), ['Genre Same genres.', 'Era Same years.']);
  });

  it('refuses an empty answer and one without any list item', () => {
    assert.throws(() => parseHintsAnswer('  \n'), (e: unknown) => e instanceof HintsParseError && /empty hint answer/.test(e.message));
    assert.throws(() => parseHintsAnswer('The system recommends similar movies.'), (e: unknown) => e instanceof HintsParseError && /no numbered or bulleted hint/.test(e.message));
    assert.throws(() => parseHintsAnswer('1. \n2. '), HintsParseError);
  });
});
