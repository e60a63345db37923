import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeJson, escapeControlCharacters, MAX_ECHOED_CHARACTERS, quoteInput } from './echo-input';

describe('quoteInput', () => {
  it('quotes short text as JSON would', () => {
    assert.equal(quoteInput('Toy story'), '"Toy story"');
    assert.equal(quoteInput('say "hi"\\'), '"say \\"hi\\"\\\\"');
    assert.equal(quoteInput('Amélie ✓'), '"Amélie ✓"');
  });

  it('shows at most 200 characters of a long value and says how much it left out', () => {
    const quoted = quoteInput('x'.repeat(2_168));
    assert.equal(quoted, `"${'x'.repeat(MAX_ECHOED_CHARACTERS)}…" (1,968 more characters)`);
  });

  it('escapes control characters, so garbage cannot drive the terminal, and counts the escapes in the cap', () => {
    assert.equal(quoteInput('a\u001b[31mb\u0000\u007f\u0085\u202e\n'), '"a\\u001b[31mb\\u0000\\u007f\\u0085\\u202e\\n"');
    const garbage = quoteInput('\u0001'.repeat(1_000));
    assert.ok(garbage.length < MAX_ECHOED_CHARACTERS + 40, `${garbage.length} characters`);
    assert.match(garbage, /^"(\\u0001){33}…" \(967 more characters\)$/);
  });

  it('never splits a surrogate pair, and escapes an unpaired one', () => {
    assert.equal(quoteInput('😀😀', 3), '"😀…" (2 more characters)');
    assert.equal(quoteInput('a\ud800b'), '"a\\ud800b"');
  });
});

describe('escapeControlCharacters', () => {
  it('keeps text, line feeds and tabs, and escapes the rest', () => {
    assert.equal(escapeControlCharacters('line 1\n\tcafé "x"'), 'line 1\n\tcafé "x"');
    assert.equal(escapeControlCharacters('bad\u001b[2J\r'), 'bad\\u001b[2J\\u000d');
  });
});

describe('describeJson', () => {
  it('names a value by its type, quoting strings through quoteInput', () => {
    assert.deepEqual(
      [null, [1], { a: 1 }, 7, true, 'x'].map(describeJson),
      ['null', 'an array', 'an object', 'the number 7', 'true', 'string "x"'],
    );
    assert.match(describeJson('y'.repeat(500)), /^string "y{200}…" \(300 more characters\)$/);
  });
});
