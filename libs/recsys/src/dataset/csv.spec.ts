import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsvRecords } from './csv';
import { DatasetFormatError } from './errors';

function fields(text: string): string[][] {
  return parseCsvRecords(text, 'x.csv').map((r) => r.fields);
}

function formatError(text: string): DatasetFormatError {
  try {
    parseCsvRecords(text, 'x.csv');
  } catch (error) {
    assert.ok(error instanceof DatasetFormatError, `expected DatasetFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a DatasetFormatError');
}

describe('parseCsvRecords', () => {
  it('splits plain fields and records with or without a final newline', () => {
    assert.deepEqual(fields('a,b\n1,2\n'), [['a', 'b'], ['1', '2']]);
    assert.deepEqual(fields('a,b\n1,2'), [['a', 'b'], ['1', '2']]);
    assert.deepEqual(fields('a,b\r\n1,2\r\n'), [['a', 'b'], ['1', '2']]);
  });

  it('keeps empty fields and ignores only trailing blank lines', () => {
    assert.deepEqual(fields('a,,\n,b,\n\n\n'), [['a', '', ''], ['', 'b', '']]);
    assert.deepEqual(fields('a\n\nb'), [['a'], [''], ['b']]);
    assert.deepEqual(fields(''), []);
  });

  it('unquotes fields with doubled quotes, commas and line breaks inside', () => {
    assert.deepEqual(fields('1,"He said ""hi"", twice"\n2,"two\nlines"\n3,""\n'), [
      ['1', 'He said "hi", twice'],
      ['2', 'two\nlines'],
      ['3', ''],
    ]);
  });

  it('reports the line each record starts on, counting line breaks inside quotes', () => {
    const records = parseCsvRecords('h\n"a\nb\nc"\nd\r\n"e"\n', 'x.csv');
    assert.deepEqual(
      records.map((r) => [r.fields[0], r.line]),
      [['h', 1], ['a\nb\nc', 2], ['d', 5], ['e', 6]],
    );
  });

  it('refuses an unterminated quote, naming the line where the field starts', () => {
    const error = formatError('a,b\n1,"open\n2,3\n');
    assert.equal(error.file, 'x.csv');
    assert.equal(error.line, 2);
    assert.match(error.message, /^x\.csv line 2: unterminated quoted field/);
  });

  it('refuses text after a closing quote and quotes inside unquoted fields', () => {
    assert.equal(formatError('a,b\n1,"x"y\n').line, 2);
    assert.match(formatError('a,b\n1,"x"y\n').message, /after the closing quote of field 2/);
    assert.equal(formatError('a,b\n\n1,x"y\n').line, 3);
    assert.match(formatError('a,b\n1,x"y\n').message, /quote inside unquoted field 2/);
  });
});
