/**
 * Whether two top-k lists agree "ties aside": position by position the items are the same, or
 * their reference scores differ by at most `tolerance` times the row's largest |score| — two
 * float32 pipelines (wasm, TF.js cpu, plain JS in float64) may order near-equal scores differently,
 * and their rounding errors scale with the scores' size.
 */
export function agreeUpToTies(expected: readonly number[], actual: readonly number[], scores: ArrayLike<number>, tolerance = 1e-5): boolean {
  if (expected.length !== actual.length) return false;
  let scale = 0;
  for (let v = 0; v < scores.length; v++) scale = Math.max(scale, Math.abs(scores[v] as number));
  return expected.every((item, i) => {
    const other = actual[i] as number;
    return item === other || Math.abs((scores[item] as number) - (scores[other] as number)) <= tolerance * scale;
  });
}

export interface Agreement {
  sessions: number;
  /** Sessions whose two lists are identical. */
  identical: number;
  /** Sessions whose lists agree up to ties (identical ones included). */
  upToTies: number;
}

export function countAgreement(
  expected: readonly (readonly number[])[],
  actual: readonly (readonly number[])[],
  scoresOf: (session: number) => ArrayLike<number>,
): Agreement {
  let identical = 0;
  let upToTies = 0;
  expected.forEach((list, i) => {
    const other = actual[i] ?? [];
    if (list.length === other.length && list.every((item, j) => item === other[j])) identical++;
    if (agreeUpToTies(list, other, scoresOf(i))) upToTies++;
  });
  return { sessions: expected.length, identical, upToTies };
}
