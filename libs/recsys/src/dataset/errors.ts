/**
 * A problem in an input file that the user has to fix: names the file and the 1-based line so the
 * message can be acted on without a debugger ("items.csv line 42: duplicate item id …").
 */
export class DatasetFormatError extends Error {
  override readonly name = 'DatasetFormatError';

  constructor(
    readonly file: string,
    /** 1-based line number where the offending record starts. */
    readonly line: number,
    /** The problem alone, without the file/line prefix. */
    readonly problem: string,
  ) {
    super(`${file} line ${line}: ${problem}`);
  }
}
