/** Mean and sample standard deviation (n − 1) of a few numbers, e.g. one metric over seeds. */
export interface Spread {
  n: number;
  mean: number;
  /** null below two values: one seed says nothing about the spread. */
  sd: number | null;
}

export function spreadOf(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) throw new RangeError('a spread needs at least one value');
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (n < 2) return { n, mean, sd: null };
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return { n, mean, sd: Math.sqrt(squares / (n - 1)) };
}
