import { InvalidArgumentError } from 'commander';

/** A commander value parser for integers in a range, with a message that states the range. */
export function intArg(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER ? `expected an integer ≥ ${min}.` : `expected an integer from ${min} to ${max}.`,
      );
    }
    return parsed;
  };
}

/** A commander value parser for positive numbers (e.g. a learning rate written as 1e-3). */
export function positiveNumberArg(max: number): (value: string) => number {
  return (value: string) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0 || parsed > max) {
      throw new InvalidArgumentError(`expected a number > 0 and ≤ ${max}.`);
    }
    return parsed;
  };
}
