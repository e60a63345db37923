import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_BUDGET, selectSessions } from './select-sessions';
import { rankHardestFirst } from './pool/rank-pool';
import { chiSquareFit, chiSquareQuantile } from './testing/chi-square';
import { syntheticPool } from './testing/pools';
import { SELECTION_STRATEGIES } from './types';

const POOL = syntheticPool(60, 21);
const RANKED_ROWS = rankHardestFirst(POOL).map((s) => s.row);

describe('selectSessions', () => {
  it('hardest: the highest difficulties in descending order, each at rank 1 of what is left', () => {
    const { selected } = selectSessions({ strategy: 'hardest', pool: POOL, budget: 10, seed: 1 });
    assert.deepEqual(selected.map((s) => s.row), RANKED_ROWS.slice(0, 10));
    for (let i = 1; i < selected.length; i++) {
      assert.ok((selected[i - 1]?.difficulty as number) >= (selected[i]?.difficulty as number));
    }
    assert.ok(selected.every((s, i) => s.order === i && s.rank === 1 && s.probability === 1));
  });

  it('easiest: the lowest difficulties in ascending order, each at the last rank of what is left', () => {
    const { selected } = selectSessions({ strategy: 'easiest', pool: POOL, budget: 10, seed: 1 });
    assert.deepEqual(selected.map((s) => s.row), RANKED_ROWS.slice(-10).reverse());
    assert.deepEqual(selected.map((s) => s.rank), Array.from({ length: 10 }, (_, i) => 60 - i));
    assert.ok(selected.every((s) => s.probability === 1));
  });

  it('random: without replacement, rank in the pool left at each draw, probability 1/|pool left|', () => {
    const { selected } = selectSessions({ strategy: 'random', pool: POOL, budget: 60, seed: 8 });
    assert.deepEqual(selected.map((s) => s.row).sort((a, b) => a - b), POOL.map((s) => s.row));
    const remaining = [...RANKED_ROWS];
    for (const pick of selected) {
      assert.equal(remaining[pick.rank - 1], pick.row);
      assert.equal(pick.probability, 1 / remaining.length);
      remaining.splice(pick.rank - 1, 1);
    }
  });

  it('random: 20,000 first picks are uniform over the pool (χ² at 0.999)', () => {
    const counts = new Float64Array(POOL.length);
    for (let seed = 1; seed <= 20_000; seed++) {
      const rank = selectSessions({ strategy: 'random', pool: POOL, budget: 1, seed }).selected[0]?.rank as number;
      counts[rank - 1] = (counts[rank - 1] as number) + 1;
    }
    const fit = chiSquareFit(counts, new Float64Array(POOL.length).fill(1 / POOL.length));
    assert.ok(fit.statistic < chiSquareQuantile(0.999, fit.degreesOfFreedom), `χ² ${fit.statistic}`);
  });

  it('tr: every session, flagged to distil the teacher top-50 at weight 1, whatever the budget', () => {
    const result = selectSessions({ strategy: 'tr', pool: POOL, budget: 5, seed: 1 });
    assert.deepEqual(result.distillationTarget, { source: 'teacher-top-50', weight: 1 });
    assert.deepEqual(result.selected.map((s) => s.row), RANKED_ROWS);
    assert.deepEqual(result.selected.map((s) => s.rank), RANKED_ROWS.map((_, i) => i + 1));
  });

  it('every other strategy distils the LLM ranking', () => {
    for (const strategy of SELECTION_STRATEGIES.filter((s) => s !== 'tr')) {
      const result = selectSessions({ strategy, pool: POOL, budget: 3, seed: 1 });
      assert.deepEqual(result.distillationTarget, { source: 'llm-ranking' }, strategy);
      assert.equal(result.selected.length, 3, strategy);
    }
  });

  it('same seed, same selection; another seed, another selection', () => {
    const pool = syntheticPool(2000, 5);
    for (const strategy of ['alkdrec', 'rad-bc', 'random'] as const) {
      const first = selectSessions({ strategy, pool, budget: 100, seed: 42 });
      assert.deepEqual(selectSessions({ strategy, pool: [...pool].reverse(), budget: 100, seed: 42 }), first, strategy);
      assert.notDeepEqual(selectSessions({ strategy, pool, budget: 100, seed: 43 }).selected, first.selected, strategy);
    }
  });

  it(`defaults to the paper's budget of ${DEFAULT_BUDGET}`, () => {
    const { selected } = selectSessions({ strategy: 'alkdrec', pool: syntheticPool(800, 2), seed: 1 });
    assert.equal(selected.length, DEFAULT_BUDGET);
  });

  it('refuses a budget larger than the pool, or not a non-negative integer', () => {
    assert.throws(() => selectSessions({ strategy: 'alkdrec', pool: POOL, budget: 61, seed: 1 }), /budget 61 exceeds the pool of 60/);
    assert.throws(() => selectSessions({ strategy: 'random', pool: POOL, budget: -1, seed: 1 }), /non-negative integer/);
    assert.throws(() => selectSessions({ strategy: 'hardest', pool: POOL, budget: 2.5, seed: 1 }), /non-negative integer/);
  });

  it('refuses a seed that is not an integer', () => {
    assert.throws(() => selectSessions({ strategy: 'alkdrec', pool: POOL, budget: 1, seed: 1.5 }), /seed must be an integer/);
  });
});
