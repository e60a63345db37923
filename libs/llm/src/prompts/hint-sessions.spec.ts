import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_DATASET_SIZE } from '@alkdrec/recsys';
import { DEFAULT_HINT_SAMPLE_COUNT, sampleHintSessions } from './hint-sessions';

describe('sampleHintSessions', () => {
  it('draws distinct training ordinals in training order, the same for the same seed', () => {
    const drawn = sampleHintSessions(20, 7393, 42);
    assert.equal(drawn.length, 20);
    assert.equal(new Set(drawn).size, 20);
    assert.ok(drawn.every((o) => Number.isInteger(o) && o >= 0 && o < 7393));
    assert.deepEqual(drawn, [...drawn].sort((a, b) => a - b));
    assert.deepEqual(sampleHintSessions(20, 7393, 42), drawn);
    assert.notDeepEqual(sampleHintSessions(20, 7393, 43), drawn);
  });

  it('can take the whole split and reaches its last sessions', () => {
    assert.deepEqual(sampleHintSessions(5, 5, 1), [0, 1, 2, 3, 4]);
    const seen = new Set<number>();
    for (let seed = 0; seed < 200; seed++) for (const o of sampleHintSessions(20, 100, seed)) seen.add(o);
    assert.ok(seen.has(99));
  });

  it('refuses impossible draws', () => {
    assert.throws(() => sampleHintSessions(21, 20, 1), /cannot draw 21 distinct sessions from a training split of 20/);
    assert.throws(() => sampleHintSessions(0, 20, 1), RangeError);
  });

  it('can always draw its sample from a dataset the importer accepts', () => {
    assert.ok(MIN_DATASET_SIZE.train >= DEFAULT_HINT_SAMPLE_COUNT, `recsys' MIN_DATASET_SIZE.train is below ${DEFAULT_HINT_SAMPLE_COUNT}`);
    assert.equal(sampleHintSessions(DEFAULT_HINT_SAMPLE_COUNT, MIN_DATASET_SIZE.train, 1).length, DEFAULT_HINT_SAMPLE_COUNT);
  });
});
