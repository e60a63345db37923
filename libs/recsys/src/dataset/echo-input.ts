/**
 * How much of a user's input an error message may quote. A binary or corrupt file can put kilobytes
 * on one "line"; quoting all of it floods the terminal and hides the one sentence that matters.
 */
export const MAX_ECHOED_CHARACTERS = 200;

/**
 * `value` as a double-quoted string for an error message: quotes, backslashes and every character
 * that is not plain printable text escaped (so a stray ESC cannot recolour or clear the terminal), at
 * most `max` characters of escaped text, then how much was left out:
 * `"abc…" (1,968 more characters)`.
 */
export function quoteInput(value: string, max: number = MAX_ECHOED_CHARACTERS): string {
  let quoted = '';
  let shown = 0;
  for (const character of value) {
    const piece = escapeCharacter(character, true);
    if (quoted.length + piece.length > max) break;
    quoted += piece;
    shown += character.length;
  }
  const left = value.length - shown;
  return left === 0 ? `"${quoted}"` : `"${quoted}…" (${left.toLocaleString('en-US')} more characters)`;
}

/**
 * `text` with control characters (C0 except line feed and tab, DEL, C1), bidirectional overrides
 * and unpaired surrogates written as `\uXXXX`; everything else, accents and emoji included, as is.
 * For messages built from someone else's text (a JSON parser's message quotes the bad input).
 */
export function escapeControlCharacters(text: string): string {
  let escaped = '';
  for (const character of text) escaped += escapeCharacter(character, false);
  return escaped;
}

/** A JSON value named for an error message: `string "x"`, `the number 7`, `true`, `null`, `an array`. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `string ${quoteInput(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function escapeCharacter(character: string, inQuotes: boolean): string {
  if (inQuotes) {
    if (character === '"') return '\\"';
    if (character === '\\') return '\\\\';
    if (character === '\n') return '\\n';
    if (character === '\r') return '\\r';
    if (character === '\t') return '\\t';
  } else if (character === '\n' || character === '\t') {
    return character;
  }
  return isUnsafe(character) ? `\\u${(character.codePointAt(0) as number).toString(16).padStart(4, '0')}` : character;
}

function isUnsafe(character: string): boolean {
  const code = character.codePointAt(0) as number;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) || // bidirectional embeddings and overrides
    (code >= 0x2066 && code <= 0x2069) || // bidirectional isolates
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0xd800 && code <= 0xdfff) // a surrogate left unpaired (paired ones iterate as one character)
  );
}
