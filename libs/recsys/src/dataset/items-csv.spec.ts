import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ECHOED_CHARACTERS } from './echo-input';
import { DatasetFormatError } from './errors';
import { parseItemsCsv } from './items-csv';

function formatError(text: string): DatasetFormatError {
  try {
    parseItemsCsv(text);
  } catch (error) {
    assert.ok(error instanceof DatasetFormatError, `expected DatasetFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a DatasetFormatError');
}

describe('parseItemsCsv', () => {
  it('returns items in file order with their ids verbatim', () => {
    const items = parseItemsCsv('itemID,title\n0078764343,"Medal of Honor, Limited"\n2,Jumanji\n3,\n');
    assert.deepEqual(items, [
      { id: '0078764343', title: 'Medal of Honor, Limited', line: 2 },
      { id: '2', title: 'Jumanji', line: 3 },
      { id: '3', title: '', line: 4 },
    ]);
  });

  it('accepts the columns in any order and ignores extra ones', () => {
    const items = parseItemsCsv('year,title,itemID\n1995,Toy story,1\n');
    assert.deepEqual(items, [{ id: '1', title: 'Toy story', line: 2 }]);
  });

  it('reports the starting line of a record after a multi-line title', () => {
    const error = formatError('itemID,title\n1,"a\nb"\n1,c\n');
    assert.equal(error.line, 4);
    assert.equal(error.message, 'items.csv line 4: duplicate item id "1" (first seen on line 2)');
  });

  it('refuses a missing header', () => {
    const error = formatError('');
    assert.equal(error.line, 1);
    assert.match(error.message, /missing header/);
  });

  it('refuses a header without itemID or title', () => {
    assert.match(formatError('id,title\n1,a\n').message, /^items\.csv line 1: missing column "itemID"/);
    assert.match(formatError('itemID,name\n1,a\n').message, /missing column "title"/);
    // A file that starts with data has no header either.
    assert.match(formatError('1,Toy story\n').message, /missing column "itemID"/);
    assert.match(formatError('id,name\n').message, /\(found "id,name"; expected "itemID,title"\)$/);
  });

  it('quotes at most 200 characters of a garbage header line, control characters escaped', () => {
    const message = formatError(`${'\u001bx'.repeat(1_100)}\n1,a\n`).message;
    assert.match(message, /^items\.csv line 1: missing column "itemID" in header \(found "(\\u001bx)+…" \(2,144 more characters\); expected/);
    const echoed = /found "(.*)…"/.exec(message)?.[1] ?? '';
    assert.ok(echoed.length > 0 && echoed.length <= MAX_ECHOED_CHARACTERS, `${echoed.length} characters echoed`);
    assert.doesNotMatch(message, /\u001b/);
  });

  it('quotes a duplicate id of any length within the cap', () => {
    const id = 'z'.repeat(5_000);
    const message = formatError(`itemID,title\n${id},a\n${id},b\n`).message;
    assert.match(message, /duplicate item id "z{200}…" \(4,800 more characters\) \(first seen on line 2\)$/);
  });

  it('refuses a record with the wrong number of fields', () => {
    const error = formatError('itemID,title\n1,a\n2,b,c\n');
    assert.equal(error.line, 3);
    assert.match(error.message, /expected 2 fields, found 3/);
    assert.equal(formatError('itemID,title\n1,a\n\n2,b\n').line, 3);
  });

  it('refuses an empty item id', () => {
    const error = formatError('itemID,title\n1,a\n  ,b\n');
    assert.equal(error.message, 'items.csv line 3: empty item id');
  });

  it('refuses NUL characters', () => {
    assert.equal(formatError('itemID,title\n1,a\n2,"b\u0000"\n').message, 'items.csv line 3: NUL character in a field (is this a text file?)');
  });

  it('refuses an unterminated quote and names the given file', () => {
    try {
      parseItemsCsv('itemID,title\n1,"a\n', 'data/items.csv.gz');
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof DatasetFormatError);
      assert.equal(error.file, 'data/items.csv.gz');
      assert.equal(error.line, 2);
    }
  });
});
