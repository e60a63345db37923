import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandLine } from '../args/parse-command-line';
import { UsageError } from '../cli-error';

const parse = (...args: string[]) => parseCommandLine(args, { writeOut: () => undefined }).command;

describe('alkdrec report (command line)', () => {
  it('takes a built-in grid or a file, and an optional output directory', () => {
    assert.deepEqual(parse('report', '--grid', 'quick'), { command: 'report', options: { grid: { kind: 'built-in', name: 'quick' } } });
    assert.deepEqual(parse('report', '--grid', 'my-grid.json', '--out', '/tmp/r'), { command: 'report', options: { grid: { kind: 'file', path: 'my-grid.json' }, outDir: '/tmp/r' } });
  });
  it('refuses a missing grid or an empty --out', () => {
    assert.throws(() => parse('report'), (e: unknown) => e instanceof UsageError && /--grid/.test(e.message));
    assert.throws(() => parse('report', '--grid', 'quick', '--out', ' '), (e: unknown) => e instanceof UsageError && /--out needs a directory/.test(e.message));
  });
});
