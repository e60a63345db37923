import { hasDigit, isPromptableItemId, itemIdTokens } from '../item-token';

/**
 * Reads the item ids an LLM wrote in a ranking answer, in order, repeats and non-candidates
 * included (the caller filters). The rules, in order:
 *
 * 1. Code-fence lines (```, ```json) are dropped; what is inside them is kept. Quoted text
 *    ("…" or “…”) is removed unless it is a single id token (`["1610", "42"]` stays a list of ids):
 *    the prompt shows titles as quoted strings, so quoted text in an answer is a copied title,
 *    whose commas and numbers must not be read as ids. The price: a whole list written as one
 *    string (`["1610, 42"]`) reads as no ids, so it is retried rather than guessed at.
 * 2. Region: of the `[ … ]` groups in the answer (each from a `[` to the next `]`), the one with
 *    the most candidate ids is read, so prose, notes and echoed text around the list are ignored.
 *    With no group containing a candidate, the whole answer is read.
 * 3. The region is split into elements at commas, semicolons and line breaks.
 * 4. An element with `<…>` tags yields one id per tag: the first token inside it, after an optional
 *    word "ID" (`<1610>`, `<1610: Toy story>`, `<ID: 1610>`, `<ID_1610>`). Whatever else a tag holds
 *    counts as a (wrong) id, so an echoed `<ID1>` template is an off-candidate id, never item "1".
 * 5. Other elements are split further at ":" and " - " (so "1610: Toy story 2" keeps the title
 *    apart); each part loses a leading list number ("3. ", "3) "), bullet or word "ID", and yields
 *    its first token if that token looks like an id (contains a digit, or is a candidate).
 *    A part made only of such tokens ("1610 42 7") yields all of them. A part starting with a word
 *    ("Toy story 2", "Based on 3 movies") yields nothing: it is a title or prose.
 *
 * Tokens are maximal runs of the id grammar (`item-token.ts`), so "161" never matches inside
 * "1610". A token "ID_x" or "ID-x" is read as "x" when "x" is a candidate and "ID_x" is not.
 */
export function answerIds(answer: string, isCandidate: (id: string) => boolean): string[] {
  const text = withoutQuotedTitles(withoutCodeFences(answer));
  let best: string[] | undefined;
  let bestHits = 0;
  for (const group of bracketGroups(text)) {
    const ids = regionIds(group, isCandidate);
    const hits = ids.filter(isCandidate).length;
    if (hits > bestHits) {
      best = ids;
      bestHits = hits;
    }
  }
  return best ?? regionIds(text, isCandidate);
}

function withoutCodeFences(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*(```|~~~)/.test(line))
    .join('\n');
}

function withoutQuotedTitles(text: string): string {
  return text.replace(/"((?:[^"\\\n]|\\.)*)"|“([^”\n]*)”/g, (quoted, plain?: string, curly?: string) =>
    isPromptableItemId(plain ?? curly ?? '') ? quoted : ' ',
  );
}

/** The text between each `[` and the next `]`; an unclosed `[` runs to the end. */
function bracketGroups(text: string): string[] {
  const groups: string[] = [];
  let from = text.indexOf('[');
  while (from !== -1) {
    const close = text.indexOf(']', from + 1);
    groups.push(text.slice(from + 1, close === -1 ? text.length : close));
    if (close === -1) break;
    from = text.indexOf('[', close + 1);
  }
  return groups;
}

function regionIds(region: string, isCandidate: (id: string) => boolean): string[] {
  const resolve = (token: string): string => resolveIdPrefix(token, isCandidate);
  const looksLikeId = (token: string): boolean => isCandidate(token) || hasDigit(token);
  const ids: string[] = [];
  for (const element of region.split(/[,;\n]/)) {
    const tags = [...element.matchAll(/<([^<>\n]{0,200})>/g)];
    if (tags.length > 0) {
      for (const tag of tags) {
        const first = itemIdTokens(withoutIdWord(tag[1] ?? ''))[0];
        if (first !== undefined) ids.push(resolve(first));
      }
      continue;
    }
    for (const part of element.split(/:|\s[-–—]\s/)) {
      const tokens = itemIdTokens(withoutIdWord(withoutListMarker(part))).map(resolve);
      const first = tokens[0];
      if (first === undefined || !looksLikeId(first)) continue;
      if (tokens.every(looksLikeId)) ids.push(...tokens);
      else ids.push(first);
    }
  }
  return ids;
}

/** "3. 1610" → "1610", "- 1610" → "1610"; a number glued to text ("1610.") is not a marker. */
function withoutListMarker(part: string): string {
  return part.replace(/^\s*(?:\d{1,3}[.)]|[-*•+])\s+/, '');
}

/** "ID: 1610", "ID 1610", "ID #1610" → "1610"; "ID1" and "ID_1610" are tokens, handled elsewhere. */
function withoutIdWord(text: string): string {
  return text.replace(/^[\s*"'`]*ID(?:\s*[:#]\s*|\s+)(?=\S)/i, '');
}

function resolveIdPrefix(token: string, isCandidate: (id: string) => boolean): string {
  if (isCandidate(token)) return token;
  const rest = /^ID[_-](.+)$/i.exec(token)?.[1];
  return rest !== undefined && isCandidate(rest) ? rest : token;
}
