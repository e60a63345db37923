import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DatasetFormatError } from '@alkdrec/recsys';
import { parseHintsFile } from './hints-file';

function formatError(text: string): DatasetFormatError {
  try {
    parseHintsFile(text, 'games/hints.json');
  } catch (error) {
    assert.ok(error instanceof DatasetFormatError, `expected DatasetFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a DatasetFormatError');
}

describe('parseHintsFile', () => {
  it('reads the model and the hints', () => {
    const text = '{\n "model": "gpt-4-turbo-2024-04-09",\n "hints": [\n  "Platform: compatible.",\n  "Series loyalty."\n ]\n}';
    assert.deepEqual(parseHintsFile(text), { model: 'gpt-4-turbo-2024-04-09', hints: ['Platform: compatible.', 'Series loyalty.'] });
  });

  it('names the file and the line of a JSON syntax error', () => {
    const error = formatError('{\n "model": "m"\n "hints": ["a"]\n}');
    assert.equal(error.file, 'games/hints.json');
    assert.equal(error.line, 3);
    assert.match(error.message, /^games\/hints\.json line 3: malformed JSON/);
    // Some syntax errors come without a position from V8; they are reported on line 1.
    assert.match(formatError('{\n "hints": ["a",]\n}').message, /^games\/hints\.json line 1: malformed JSON/);
  });

  it('refuses missing, empty and ill-typed fields, naming the line of the field', () => {
    assert.match(formatError('[]').message, /line 1: expected a JSON object .* found an array/);
    assert.match(formatError('{"hints": ["a"]}').message, /line 1: missing field "model"/);
    assert.match(formatError('{"model": "", "hints": ["a"]}').message, /"model" must be a non-empty string/);
    assert.match(formatError('{"model": "m"}').message, /missing field "hints"/);
    assert.match(formatError('{"model": "m",\n"hints": "a"}').message, /line 2: "hints" must be an array of strings, found string "a"/);
    assert.match(formatError('{"model": "m", "hints": []}').message, /"hints" is empty/);
    assert.match(formatError('{"model": "m",\n\n"hints": ["a", " "]}').message, /line 3: "hints"\[1\] must be a non-empty string/);
  });
});
