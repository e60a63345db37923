import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { docExamplesOf } from './doc-examples';

describe(docExamplesOf.name, () => {
  it('finds every sh block with its marker and line; other blocks are not examples', () => {
    const markdown = ['# T', '<!-- example: first -->', '```sh', 'curl -s "$API/a"', '```', '', '```', 'output', '```', '<!-- not run: needs a paid LLM key -->', '', '```sh', 'curl b', 'curl c', '```', '   ```ts', '   const x = 1;', '   ```'].join('\n');
    assert.deepEqual(docExamplesOf(markdown, 'doc.md'), [
      { name: 'first', notRunBecause: undefined, line: 3, script: 'curl -s "$API/a"' },
      { name: undefined, notRunBecause: 'needs a paid LLM key', line: 12, script: 'curl b\ncurl c' },
    ]);
  });

  it('refuses a sh block without a marker, and a block never closed, naming the line', () => {
    assert.throws(() => docExamplesOf('text\n\n```sh\ncurl x\n```\n', 'doc.md'), /^Error: doc\.md:3: a sh block without <!-- example: <name> -->/);
    assert.throws(() => docExamplesOf('<!-- example: a -->\n```sh\ncurl x\n', 'doc.md'), /doc\.md:2: a code block is never closed/);
  });
});
