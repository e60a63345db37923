import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUtf8Text } from './decode-text';
import { DatasetFormatError } from './errors';

describe('decodeUtf8Text', () => {
  it('decodes UTF-8 and drops a byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('itemID,title\n1,Amélie\n')]);
    assert.equal(decodeUtf8Text(bytes, 'items.csv'), 'itemID,title\n1,Amélie\n');
  });

  it('refuses invalid UTF-8, naming the line', () => {
    const bytes = new Uint8Array([...Buffer.from('itemID,title\n1,Am'), 0xe9, ...Buffer.from('lie\n')]);
    assert.throws(
      () => decodeUtf8Text(bytes, 'items.csv'),
      (error: unknown) =>
        error instanceof DatasetFormatError && error.line === 2 && /invalid UTF-8/.test(error.message),
    );
  });
});
