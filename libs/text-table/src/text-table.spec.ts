import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keyValueLines, textTable } from './text-table';

describe(textTable.name, () => {
  it('left-aligns the first column, right-aligns the others, trims trailing space', () => {
    assert.equal(textTable([['model', 'R@10'], ['student', '0.01258'], ['x', '1']]), 'model       R@10\nstudent  0.01258\nx              1');
  });

  it('draws a rule under the header when asked', () => {
    assert.equal(textTable([['stage', 'wall'], ['rank', '3.7 s']], { ruleUnderHeader: true }), 'stage   wall\n-----  -----\nrank   3.7 s');
  });

  it('aligns the columns it is told to on the left', () => {
    assert.equal(textTable([['stage', 'wall', 'outcome'], ['rank', '3.7 s', '500 ranked'], ['distill', '23.9 s', 'ok']], { leftAligned: [2] }),
      'stage      wall  outcome\nrank      3.7 s  500 ranked\ndistill  23.9 s  ok');
  });

  it('copes with ragged rows and no rows', () => {
    assert.equal(textTable([['a'], ['bb', 'c']]), 'a\nbb  c');
    assert.equal(textTable([], { ruleUnderHeader: true }), '');
  });
});

describe(keyValueLines.name, () => {
  it('pads labels to the longest', () => {
    assert.equal(keyValueLines([['run', 'x'], ['wall time', '1.0s']]), 'run        x\nwall time  1.0s');
  });
});
