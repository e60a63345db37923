/**
 * The lines of a JSON-lines file with trailing blank lines (and CRs) removed. Blank lines before
 * the end are kept for the caller to refuse: a line's number is how errors point at it.
 */
export function contentLines(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  let count = lines.length;
  while (count > 0 && (lines[count - 1] as string).trim() === '') count--;
  return lines.slice(0, count);
}
