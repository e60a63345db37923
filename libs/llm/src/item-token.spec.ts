import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPromptableItemId, itemIdTokens } from './item-token';

describe('itemIdTokens', () => {
  it('reads maximal runs, so a shorter id is never found inside a longer one', () => {
    assert.deepEqual(itemIdTokens('[<1610>, <B00005TNI6>]'), ['1610', 'B00005TNI6']);
    assert.deepEqual(itemIdTokens('1610.'), ['1610']);
    assert.deepEqual(itemIdTokens('a-b.c, x--y'), ['a-b.c', 'x', 'y']);
    assert.ok(!itemIdTokens('16100 and x161').includes('161'));
  });
});

describe('isPromptableItemId', () => {
  it('accepts the bundled datasets\' ids and refuses ids the parser could not read back', () => {
    for (const id of ['1', '1610', '0078764343', 'B00005TNI6', 'a_b', 'a-b.c']) assert.ok(isPromptableItemId(id), id);
    for (const id of ['', 'a b', 'a,b', '<1>', '1]', '-1', 'a.', '#12']) assert.ok(!isPromptableItemId(id), id);
  });
});
