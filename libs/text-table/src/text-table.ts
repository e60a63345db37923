export interface TextTableOptions {
  /** A line of dashes under the first row (the header), as the benchmarks print. */
  ruleUnderHeader?: boolean;
  /** Columns (0-based) aligned left besides the first, e.g. a column of prose after the numbers. */
  leftAligned?: readonly number[];
}

/**
 * Left-aligned first column, right-aligned others (unless `leftAligned`), two spaces between: for
 * numbers that line up.
 * Shared by the CLI's result tables and the benchmarks' reports.
 */
export function textTable(rows: readonly (readonly string[])[], options: TextTableOptions = {}): string {
  const left = new Set(options.leftAligned);
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const lines = rows.map((row) =>
    row.map((cell, i) => (i === 0 || left.has(i) ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd(),
  );
  if (options.ruleUnderHeader && lines.length > 0) lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n');
}

/** Two columns, label and value, for a record of facts. */
export function keyValueLines(entries: readonly (readonly [string, string])[]): string {
  const width = Math.max(...entries.map(([label]) => label.length));
  return entries.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}
