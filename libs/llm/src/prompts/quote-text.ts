/**
 * Item titles come from a catalogue file and are data, never instructions. Two things could go
 * wrong if they were pasted raw into a prompt: a title could fake the answer format (a title
 * containing `], [<1610>` or `<ID1>` makes it look as if the list ended or an id was given), or
 * break the prompt's layout (a line break starts what looks like a new instruction). So every
 * title is flattened to one line, the characters the answer format uses are swapped for harmless
 * look-alikes, and the result is written as a JSON string literal; the prompt says titles are
 * quoted data. The parser only reads ASCII `<`, `>`, `[` and `]`, so the look-alikes cannot be
 * mistaken for ids either, even when the LLM copies a title into its answer.
 */

/** Titles longer than this are cut (with "…"): no real title is this long, an injected essay is. */
export const MAX_TITLE_LENGTH = 200;

const FORMAT_LOOKALIKES: Record<string, string> = { '<': '‹', '>': '›', '[': '(', ']': ')' };

/**
 * One line of plain text with no character of the answer format: control characters, line and
 * paragraph separators and invisible format characters (bidi overrides, zero-width joiners)
 * become spaces, runs of white space collapse, `<` `>` become `‹` `›` and `[` `]` become `(` `)`.
 * Used for titles and for hints (which are LLM output, so treated with the same care).
 */
export function flattenText(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/[<>[\]]/g, (c) => FORMAT_LOOKALIKES[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

/** A title as it appears in a prompt: flattened, cut to `maxLength` code points, JSON-quoted. */
export function quoteTitle(title: string, maxLength = MAX_TITLE_LENGTH): string {
  const flat = [...flattenText(title)];
  const cut = flat.length > maxLength ? `${flat.slice(0, maxLength - 1).join('')}…` : flat.join('');
  // JSON.stringify escapes `"` and `\`, so a title cannot close its own quotes.
  return JSON.stringify(cut);
}
