import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DatasetFormatError } from './errors';
import { parseSessionsJsonl } from './sessions-jsonl';

function formatError(text: string): DatasetFormatError {
  try {
    parseSessionsJsonl(text);
  } catch (error) {
    assert.ok(error instanceof DatasetFormatError, `expected DatasetFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a DatasetFormatError');
}

const ok = '{"items": ["1", "2"], "next": "3"}';

describe('parseSessionsJsonl', () => {
  it('parses one session per line with 0-based rows', () => {
    assert.deepEqual(parseSessionsJsonl(`${ok}\n{"items":["4"],"next":"5","extra":true}\n`), [
      { row: 0, items: ['1', '2'], next: '3' },
      { row: 1, items: ['4'], next: '5' },
    ]);
  });

  it('allows blank lines at the end and CRLF line endings', () => {
    assert.equal(parseSessionsJsonl(`${ok}\r\n${ok}\r\n\n  \n`).length, 2);
    assert.deepEqual(parseSessionsJsonl(''), []);
  });

  it('refuses a blank line before the end', () => {
    const error = formatError(`${ok}\n\n${ok}\n`);
    assert.equal(error.message, 'sessions.jsonl line 2: blank line (only allowed at the end of the file)');
  });

  it('refuses malformed JSON and non-objects', () => {
    assert.match(formatError(`${ok}\n{"items": ["1"], "next": "2"\n`).message, /^sessions\.jsonl line 2: malformed JSON/);
    assert.match(formatError('["1", "2"]').message, /line 1: expected a JSON object .* found an array/);
    assert.match(formatError('null').message, /found null/);
  });

  it('refuses missing or ill-typed fields', () => {
    assert.match(formatError('{"next": "1"}').message, /missing field "items"/);
    assert.match(formatError('{"items": "1", "next": "1"}').message, /"items" must be an array of item ids, found string "1"/);
    assert.match(formatError('{"items": ["1"]}').message, /missing field "next"/);
    assert.match(formatError('{"items": ["1", null], "next": "2"}').message, /"items"\[1\] must be an item id string, found null/);
    assert.match(formatError('{"items": ["1"], "next": ["2"]}').message, /"next" must be an item id string, found an array/);
    assert.match(formatError('{"items": ["1"], "next": ""}').message, /"next" is an empty item id/);
  });

  it('keeps echoed input short and escaped, whatever the line holds', () => {
    const long = formatError(`{"items": "${'q'.repeat(2_000)}", "next": "1"}`).message;
    assert.match(long, /"items" must be an array of item ids, found string "q{200}…" \(1,800 more characters\)$/);
    // JSON.parse's own message quotes the start of the line verbatim, escape sequences included.
    const garbage = formatError(`\u001b[2J${'\u0001'.repeat(2_000)}`).message;
    assert.match(garbage, /^sessions\.jsonl line 1: malformed JSON: .*\\u001b\[2J/);
    assert.doesNotMatch(garbage, /[\u0000-\u0008\u000b-\u001f]/);
    assert.ok(garbage.length < 300, `${garbage.length} characters`);
  });

  it('refuses numeric ids instead of guessing their string form', () => {
    const error = formatError(`${ok}\n${ok}\n{"items": [7], "next": "3"}`);
    assert.equal(error.line, 3);
    assert.match(error.message, /"items"\[0\] must be an item id string, found the number 7 \(write it as "7"\)/);
  });

  it('accepts an empty items array (buildDataset drops such rows, as the paper does)', () => {
    assert.deepEqual(parseSessionsJsonl(`${ok}\n{"items": [], "next": "3"}\n`)[1], { row: 1, items: [], next: '3' });
  });

  it('names the file it was given', () => {
    const error = (() => {
      try {
        parseSessionsJsonl(`${ok}\n{`, 'games/sessions.jsonl.gz');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(error instanceof DatasetFormatError);
    assert.equal(error.file, 'games/sessions.jsonl.gz');
    assert.equal(error.line, 2);
  });
});
