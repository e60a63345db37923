/**
 * The token grammar that item ids share between the prompt and the answer parser: letters, digits
 * and underscores, with single dots or hyphens allowed between them (MovieLens "1610", Amazon ASIN
 * "B00005TNI6", "a-b.c"). The parser reads an answer as maximal runs of this grammar, so an id is
 * found whole or not at all: "161" is never found inside "1610", nor "B0001" inside "B0001X".
 * That only holds for ids that are themselves one such token, which is why the prompt builders
 * refuse any other id (see `assertPromptableItemId`).
 */
const TOKEN = '[\\p{L}\\p{N}_]+(?:[.\\-][\\p{L}\\p{N}_]+)*';
const WHOLE_TOKEN = new RegExp(`^${TOKEN}$`, 'u');

/** The maximal id-shaped runs of `text`, in order ("<1610>, B00-X." → ["1610", "B00-X"]). */
export function itemIdTokens(text: string): string[] {
  return text.match(new RegExp(TOKEN, 'gu')) ?? [];
}

/** True when `id` is exactly one token, so the parser can find it in an answer unambiguously. */
export function isPromptableItemId(id: string): boolean {
  return WHOLE_TOKEN.test(id);
}

/** True when a token contains a digit: how an id is told apart from a word of prose. */
export function hasDigit(token: string): boolean {
  return /\p{N}/u.test(token);
}
