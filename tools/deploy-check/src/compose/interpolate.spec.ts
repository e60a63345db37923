import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InterpolationError, interpolateString, interpolateTree } from './interpolate';

const value = (text: string, env: Record<string, string | undefined> = {}) => interpolateString(text, env).value;

describe('compose interpolation', () => {
  it('substitutes $VAR and ${VAR}, and $$ is a literal dollar', () => {
    assert.equal(value('a-$A-${B}-$$C-$$${A}', { A: '1', B: '2' }), 'a-1-2-$C-$1');
  });

  it('applies :- to unset or empty, - to unset only', () => {
    assert.equal(value('${A:-d}', {}), 'd');
    assert.equal(value('${A:-d}', { A: '' }), 'd');
    assert.equal(value('${A-d}', { A: '' }), '');
    assert.equal(value('${A-d}', { A: 'x' }), 'x');
  });

  it('applies :+ and + as alternatives', () => {
    assert.equal(value('${A:+alt}', { A: 'x' }), 'alt');
    assert.equal(value('${A:+alt}', { A: '' }), '');
    assert.equal(value('${A+alt}', { A: '' }), 'alt');
    assert.equal(value('${A+alt}', {}), '');
  });

  it('interpolates nested defaults', () => {
    assert.equal(value('${A:-${B:-b}-x}', {}), 'b-x');
    assert.equal(value('${A:-${B}}', { B: 'y' }), 'y');
  });

  it('throws naming every :? and ? variable without a value, with its message', () => {
    assert.throws(
      () => interpolateTree({ a: '${TOKEN:?set a token}', b: ['${OTHER?}'], c: '${SET:?}' }, { SET: 'ok', OTHER: undefined }),
      (error: unknown) =>
        error instanceof InterpolationError &&
        error.problems.length === 2 &&
        error.problems[0] === 'a: required variable TOKEN is missing a value: set a token' &&
        error.problems[1] === 'b[0]: required variable OTHER is missing a value',
    );
    assert.equal(value('${T?}', { T: '' }), '');
    assert.throws(() => value('${T:?}', { T: '' }), InterpolationError);
  });

  it('warns about an unset variable without a default and uses a blank', () => {
    const result = interpolateTree({ services: { x: { environment: { A: 'v=$NOPE' } } } }, {});
    assert.deepEqual(result.value, { services: { x: { environment: { A: 'v=' } } } });
    assert.deepEqual(result.warnings, ['services.x.environment.A: the NOPE variable is not set, defaulting to a blank string']);
  });

  it('leaves keys, numbers and booleans alone', () => {
    assert.deepEqual(interpolateTree({ $KEY: 1, b: true, c: null }, { KEY: 'k' }).value, { $KEY: 1, b: true, c: null });
  });

  it('refuses a malformed expression', () => {
    assert.throws(() => value('${A'), InterpolationError);
    assert.throws(() => value('${1A}'), InterpolationError);
    assert.throws(() => value('${A%x}'), InterpolationError);
  });
});
