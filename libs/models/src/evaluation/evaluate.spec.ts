import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '@alkdrec/recsys';
import { initBackend } from '../backend';
import { createBackbone } from '../backbones/registry';
import { disposeModel } from '../checkpoint/checkpoint';
import type { Backbone } from '../backbones/backbone';
import { evaluateModel, rankSessions } from './evaluate';
import { excludedItems } from './excluded-items';

const ITEMS = 30;
/** Twelve items, two more than the model's input window of 10; the target is the session's first item. */
const LONG = { items: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], next: 3 };
/** A target before the window but not in the session at all: both rules may rank it. */
const LONG_NEW_TARGET = { items: LONG.items, next: 20 };
const SHORT = { items: [1, 2, 3], next: 2 };

describe('excludedItems', () => {
  it('leaves out every session item under session, only the last window under window', () => {
    assert.deepEqual([...excludedItems(LONG.items, 'session', 10)].sort((a, b) => a - b), LONG.items);
    assert.deepEqual([...excludedItems(LONG.items, 'window', 10)].sort((a, b) => a - b), LONG.items.slice(2));
    assert.deepEqual([...excludedItems(SHORT.items, 'window', 10)], SHORT.items);
  });
});

describe('evaluateModel exclusion rules', () => {
  let model: Backbone;
  before(async () => {
    await initBackend('wasm');
    model = createBackbone('fpmc', { itemCount: ITEMS, dim: 6, maxLength: 10 }, createRng(7));
  });
  after(() => disposeModel(model));

  it('ranks an early item of a 12-item session as a miss under session and among the rest under window', () => {
    const [bySession] = rankSessions(model, [LONG], 'session');
    const [byWindow] = rankSessions(model, [LONG], 'window');
    // Under `session` the target is one of the session's items: it can never be hit (rank = catalogue size).
    assert.equal(bySession, ITEMS);
    // Under `window` only the last 10 are left out: 20 items compete, so the target ranks 0..19.
    assert.ok(byWindow !== undefined && byWindow >= 0 && byWindow < ITEMS - 10, `window rank ${byWindow}`);
  });

  it('counts the two items before the window against a new target under window only', () => {
    const [bySession] = rankSessions(model, [LONG_NEW_TARGET], 'session');
    const [byWindow] = rankSessions(model, [LONG_NEW_TARGET], 'window');
    assert.ok(bySession !== undefined && byWindow !== undefined);
    // Items 3 and 4 come back into the ranking: each can only push the target down.
    assert.ok(byWindow >= bySession && byWindow <= bySession + 2, `session ${bySession}, window ${byWindow}`);
  });

  it('gives sessions no longer than the window the same ranks and metrics under both rules', () => {
    const a = evaluateModel(model, [SHORT, { items: [5, 6], next: 9 }], 'session');
    const b = evaluateModel(model, [SHORT, { items: [5, 6], next: 9 }], 'window');
    assert.deepEqual(Array.from(a.ranks), Array.from(b.ranks));
    assert.deepEqual(a.metrics, b.metrics);
  });

  it('defaults to session', () => {
    assert.deepEqual(Array.from(evaluateModel(model, [LONG]).ranks), [ITEMS]);
  });
});
