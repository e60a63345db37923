/** A hint answer from which no hint could be read: retry the hint prompt rather than rank without hints. */
export class HintsParseError extends Error {
  override readonly name = 'HintsParseError';
}

const LIST_ITEM = /^(\s*)(?:\d{1,2}[.)]|[-*•+])\s+(.*)$/;

/**
 * Reads the hints out of an answer to `buildHintPrompt`: one hint per numbered or bulleted item.
 * Items at the indentation of the first item are hints; deeper items and plain lines that follow
 * an item without a blank line (wrapped text, sub-bullets) are joined onto it. Lines before the
 * first item ("Here are the hints:") and plain paragraphs after a blank line ("These patterns
 * show …") are commentary and dropped. Markdown emphasis and heading marks are removed. An answer
 * with no item at all is an error rather than guessed at, because the hints go into every
 * ranking prompt of the run.
 */
export function parseHintsAnswer(text: string): string[] {
  if (text.trim() === '') throw new HintsParseError('empty hint answer');
  const hints: string[] = [];
  let topIndent: number | undefined;
  let open = false; // the last hint may still take continuation lines
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^(\s*)#+\s*/, '$1').replace(/\*\*|__/g, '');
    if (/^\s*(```|~~~)/.test(line)) continue;
    if (line.trim() === '') {
      open = false;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    const indent = (item?.[1] ?? '').length;
    if (item && (topIndent === undefined || indent <= topIndent)) {
      topIndent ??= indent;
      hints.push(item[2] ?? '');
      open = true;
    } else if (hints.length > 0 && (open || /^\s/.test(line))) {
      hints[hints.length - 1] += ` ${item ? (item[2] ?? '') : line.trim()}`;
      open = true;
    }
  }
  const cleaned = hints.map((h) => h.replace(/\s+/g, ' ').trim()).filter((h) => h !== '');
  if (cleaned.length === 0) throw new HintsParseError('no numbered or bulleted hint in the answer');
  return cleaned;
}
