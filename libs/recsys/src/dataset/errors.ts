import { escapeControlCharacters } from './echo-input';

/**
 * A problem in an input file that the user has to fix: names the file and the 1-based line so the
 * message can be acted on without a debugger ("items.csv line 42: duplicate item id …"). Control
 * characters in the problem are escaped: a JSON parser's message quotes the bad input verbatim.
 */
export class DatasetFormatError extends Error {
  override readonly name = 'DatasetFormatError';
  /** The problem alone, without the file/line prefix. */
  readonly problem: string;

  constructor(
    readonly file: string,
    /** 1-based line number where the offending record starts. */
    readonly line: number,
    problem: string,
  ) {
    const printable = escapeControlCharacters(problem);
    super(`${file} line ${line}: ${printable}`);
    this.problem = printable;
  }
}
